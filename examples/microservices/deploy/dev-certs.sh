#!/bin/sh
# Development certificates for compose.yaml: a CA and one certificate per service (EC P-256,
# 30 days), in examples/microservices/deploy/certs/<service>/{tls.crt,tls.key,ca.crt}, the file
# names cert-manager writes in Kubernetes. Not for production: use your CA or cert-manager.
set -eu
dir="$(dirname "$0")/certs"
mkdir -p "$dir"
openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ca.key"
openssl req -x509 -new -key "$dir/ca.key" -subj /CN=microservices-dev-ca -days 30 -out "$dir/ca.crt"
for service in user-service order-service; do
  mkdir -p "$dir/$service"
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$service/tls.key"
  openssl req -new -key "$dir/$service/tls.key" -subj "/CN=$service" -out "$dir/$service/tls.csr"
  printf 'subjectAltName = DNS:%s, DNS:localhost\n' "$service" > "$dir/$service/ext"
  openssl x509 -req -in "$dir/$service/tls.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 30 -extfile "$dir/$service/ext" -out "$dir/$service/tls.crt"
  cp "$dir/ca.crt" "$dir/$service/ca.crt"
  rm "$dir/$service/tls.csr" "$dir/$service/ext"
  chmod 644 "$dir/$service/tls.key" # read by the image's uid 1000
done
echo "certificates in $dir"
