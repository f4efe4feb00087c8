# A throwaway test CA and certificates for the TLS cases. Sourced by .ci/interop/run.
#
# interop_make_certs DIR writes into DIR (all keys EC P-256, so this takes well under a second):
#   ca.pem ca.key           the test CA (given to clients with --tls-ca)
#   server.pem server.key   signed by the CA, SAN DNS:localhost, IP:127.0.0.1 (Postfix's certificate)
#   wrong.pem wrong.key     signed by the CA, but only for DNS:wrong.example
#   expired.pem expired.key signed by the CA for localhost/127.0.0.1, valid only in January 2020
#   client.pem client.key   signed by the CA, CN=alice, for TLS client authentication
#   untrusted.pem untrusted.key  self-signed for localhost/127.0.0.1 (no CA vouches for it)
# and sets TLS_DIR=DIR.

interop_make_certs() {
  TLS_DIR=$1
  mkdir -p "$TLS_DIR"
  local d=$TLS_DIR log=$1/openssl.log
  (
    set -e
    cd "$d"
    key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>>"$log"; }
    key ca.key
    openssl req -x509 -new -key ca.key -out ca.pem -days 3 -subj "/O=pigeon interop/CN=pigeon interop test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>>"$log"
    # `openssl ca` (unlike `x509 -req`) can set any validity window, which the expired certificate needs.
    : >index.txt
    echo 1000 >serial
    cat >ca.cnf <<EOF
[ca]
default_ca = test
[test]
database = $d/index.txt
new_certs_dir = $d
serial = $d/serial
default_md = sha256
policy = anything
unique_subject = no
[anything]
commonName = supplied
organizationName = optional
EOF
    leaf() { # name, CN, SAN, extendedKeyUsage, validity options...
      local name=$1 cn=$2 san=$3 eku=$4; shift 4
      key "$name.key"
      openssl req -new -key "$name.key" -out "$name.csr" -subj "/O=pigeon interop/CN=$cn" 2>>"$log"
      printf 'basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = %s\n%s\n' \
        "$eku" "${san:+subjectAltName = $san}" >"$name.ext"
      openssl ca -batch -notext -config ca.cnf -cert ca.pem -keyfile ca.key -in "$name.csr" \
        -out "$name.pem" -extfile "$name.ext" "$@" >>"$log" 2>&1
    }
    leaf server localhost "DNS:localhost,IP:127.0.0.1" serverAuth -days 3
    leaf wrong wrong.example "DNS:wrong.example" serverAuth -days 3
    leaf expired localhost "DNS:localhost,IP:127.0.0.1" serverAuth -startdate 20200101000000Z -enddate 20200131000000Z
    leaf client alice "" clientAuth -days 3
    key untrusted.key
    openssl req -x509 -new -key untrusted.key -out untrusted.pem -days 3 -subj "/O=nobody/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>>"$log"
    chmod 644 ./*.pem
    chmod 600 ./*.key
  ) || { echo "interop: openssl could not make the test certificates; log: $log" >&2; tail -n 20 "$log" >&2; return 1; }
}

# Prints the sha256/BASE64 pin of the public key in certificate file $1 (the --tls-pin format).
interop_pin_of() {
  printf 'sha256/%s' "$(openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER |
    openssl dgst -sha256 -binary | base64 -w0)"
}
