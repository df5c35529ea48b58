#!/bin/sh
# Install the terminals' udev rule so warehouse accounts can open them without root.
set -e
install -m 0644 "/opt/POS Station/resources/udev/60-pos-station.rules" /etc/udev/rules.d/60-pos-station.rules
udevadm control --reload-rules || true
