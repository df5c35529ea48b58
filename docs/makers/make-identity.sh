#!/usr/bin/env bash
# A terminal maker's identity material from an empty folder, with OpenSSL 3 alone
# (docs/terminal-makers.md §2): a root CA, a device CA under it, one device key and certificate,
# and the manufacturer-manifest row the acquirer imports. On a production line the device key is
# generated inside the terminal's secure element and only its public half leaves it; here it is a
# file so the example runs anywhere.
#
#   make-identity.sh OUT_DIR "MAKER NAME" MODEL SERIAL [MODE] [BATCH]
set -euo pipefail
out=$1 maker=$2 model=$3 serial=$4 mode=${5:-production} batch=${6:-B1}
mkdir -p "$out" && cd "$out"

# 1. The maker's root: Ed25519, CA:TRUE with pathlen 1, may sign certificates. Keep root.key offline.
[ -f root.key ] || {
  openssl genpkey -algorithm ed25519 -out root.key
  openssl req -new -x509 -key root.key -out root.pem -days 7300 -subj "/CN=$maker Root CA/O=$maker" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:1" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -addext "subjectKeyIdentifier=hash"
}

# 2. The device CA the factory line signs with: CA:TRUE, pathlen 0.
[ -f device-ca.key ] || {
  openssl genpkey -algorithm ed25519 -out device-ca.key
  openssl req -new -key device-ca.key -subj "/CN=$maker Device CA/O=$maker" -out device-ca.csr
  printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >device-ca.ext
  openssl x509 -req -in device-ca.csr -CA root.pem -CAkey root.key -CAcreateserial -days 3650 \
    -extfile device-ca.ext -out device-ca.pem
}

# 3. One terminal: its Ed25519 key, and a certificate whose subject carries the serial as X.520
#    serialNumber and the build mode as OU; CA:FALSE and digitalSignature, both critical.
openssl genpkey -algorithm ed25519 -out "$serial.key"
openssl req -new -key "$serial.key" -out "$serial.csr" \
  -subj "/CN=POS Terminal $serial/serialNumber=$serial/OU=$mode/O=$maker"
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nauthorityKeyIdentifier=keyid\n' >device.ext
openssl x509 -req -in "$serial.csr" -CA device-ca.pem -CAkey device-ca.key -CAcreateserial -days 3650 \
  -extfile device.ext -out "$serial.pem"
# What ATTESTATION.certs carries: the device certificate, then the device CA (never the root), DER.
openssl x509 -in "$serial.pem" -outform DER -out "$serial.der"
openssl x509 -in device-ca.pem -outform DER -out device-ca.der

# 4. The manifest row: the key fingerprint is SHA-256 of the public key's SubjectPublicKeyInfo DER.
fingerprint=$(openssl pkey -in "$serial.key" -pubout -outform DER | sha256sum | cut -d' ' -f1)
[ -f manifest.csv ] || echo 'serial,key_fingerprint,model,batch,mode' >manifest.csv
echo "$serial,$fingerprint,$model,$batch,$mode" >>manifest.csv
