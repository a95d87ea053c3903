import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('No DigitalOcean API token found')
assert log.contains('DIGITALOCEAN_API_TOKEN, DIGITALOCEAN_TOKEN, DIGITALOCEAN_ACCESS_TOKEN')
assert sandbox.requests().isEmpty() : 'no request without a token'
return true
