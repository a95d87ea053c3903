packer {
  required_plugins {
    digitalocean = {
      source  = "github.com/digitalocean/digitalocean"
      version = ">= 1.4.0"
    }
  }
}

variable "version" {
  type = string
}

locals {
  timestamp = formatdate("YYYYMMDD-hhmmss", timestamp())
}

# The token comes from DIGITALOCEAN_TOKEN (or DIGITALOCEAN_API_TOKEN / DIGITALOCEAN_ACCESS_TOKEN), as for the plugin.
source "digitalocean" "acme-lemp" {
  image            = "ubuntu-24-04-x64"
  region           = "nyc3"
  size             = "s-1vcpu-1gb"
  ssh_username     = "root"
  snapshot_name    = "acme-lemp-${var.version}-${local.timestamp}"
  snapshot_regions = ["nyc3", "ams3", "sfo3"]
}

build {
  sources = ["source.digitalocean.acme-lemp"]

  provisioner "shell" {
    scripts = [
      "scripts/install.sh",
      "scripts/90-cleanup.sh",
      "scripts/99-img-check.sh",
    ]
  }

  # Writes packer/manifest.json; marketplace:release reads the image id from it.
  post-processor "manifest" {
    output     = "packer/manifest.json"
    strip_path = true
    custom_data = {
      version = var.version
    }
  }
}
