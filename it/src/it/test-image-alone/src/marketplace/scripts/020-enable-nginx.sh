#!/bin/sh
# Starts nginx on every boot.
set -e
echo "Enabling nginx"
systemctl enable nginx
