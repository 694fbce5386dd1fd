#!/usr/bin/env bash
# Builds a realistic kernel log for benchmarking: about one IOMMU line (from the real samples) per 50
# ordinary kernel lines (USB, network, filesystem, audit noise written here), with fresh increasing
# [seconds.micros] stamps.
#
# usage: make-mixed-log.sh [OUT] [MIN_BYTES]
#   OUT        output file (default: mixed.log)
#   MIN_BYTES  stop once the file is at least this big (default: 1073741824)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../src/test/resources/samples.log"
out="${1:-mixed.log}"
min="${2:-1073741824}"
[ -r "$src" ] || { echo "make-mixed-log: cannot read $src" >&2; exit 2; }
body="$(mktemp)"
trap 'rm -f "$body"' EXIT
sed -E 's/^(kernel: )?\[ *[0-9]+\.[0-9]+\] //; s/^kernel: //' "$src" > "$body"
awk -v min="$min" '
  BEGIN {
    noise[0] = "usb 1-1: new high-speed USB device number %d using xhci_hcd"
    noise[1] = "usb 1-1: New USB device found, idVendor=0bda, idProduct=%04x, bcdDevice= 1.00"
    noise[2] = "e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx"
    noise[3] = "EXT4-fs (nvme0n1p2): mounted filesystem %d with ordered data mode. Quota mode: none."
    noise[4] = "audit: type=1400 audit(1714550400.%03d:42): apparmor=\"STATUS\" operation=\"profile_load\" name=\"snap\""
    noise[5] = "wlp2s0: associated"
    noise[6] = "IPv6: ADDRCONF(NETDEV_CHANGE): wlp2s0: link becomes ready"
    noise[7] = "nvme nvme0: 8/0/0 default/read/poll queues"
    noise[8] = "input: Logitech USB Receiver as /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/input/input%d"
    noise[9] = "Bluetooth: hci0: Firmware revision 0.%d build 14 week 38 2021"
    noise[10] = "snd_hda_intel 0000:00:1f.3: enabling device (0000 -> 0002)"
    noise[11] = "systemd-journald[%d]: Received client request to flush runtime journal."
    noise[12] = "thermal thermal_zone3: failed to read out thermal zone (-61)"
    noise[13] = "r8169 0000:03:00.0 enp3s0: Link is Down"
    noise[14] = "ACPI: \\_SB_.PCI0.GP17.VGA_.LCD_: Backlight not supported"
    noise[15] = "kauditd_printk_skb: %d callbacks suppressed"
    nn = 16
  }
  { line[NR] = $0 }
  END {
    n = NR; written = 0; t = 0; k = 0; lines = 0
    while (written < min) {
      for (i = 1; i <= n; i++) {
        for (j = 0; j < 50; j++) {
          t += 0.000137
          s = sprintf(noise[k % nn], k % 997)
          k++
          written += length(s) + 16
          printf "[%12.6f] %s\n", t, s
        }
        t += 0.000137
        printf "[%12.6f] %s\n", t, line[i]
        written += length(line[i]) + 16
        lines += 51
      }
    }
    printf "make-mixed-log: about %d bytes, %d lines\n", written, lines > "/dev/stderr"
  }' "$body" > "$out"
ls -l "$out" >&2
