#!/bin/sh
# Installs the web server from the distribution's packages.
set -e
echo "Installing nginx"
apt-get -qq update
apt-get -qq install -y --no-install-recommends nginx
