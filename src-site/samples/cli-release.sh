# A CI shell step: DIGITALOCEAN_API_TOKEN comes from the CI's secrets.
java -jar vendor-api-client-0.1.0-cli.jar release --app 60089fc6d333037bffa70d9b --image 140000002 \
    --version 2.0.1 --os-version "Ubuntu 24.04" --software Nginx:1.26.2:BSD-2-Clause
