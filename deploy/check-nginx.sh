#!/usr/bin/env bash
# `nginx -t` on deploy/nginx/automne.conf, included as in production in a minimal nginx.conf, with a
# throwaway self-signed certificate and every path under a temporary folder (nothing of the system's
# nginx is read or changed). Used by .ci/run; needs Debian's nginx and openssl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/certs" "$work/cache" "$work/acme" "$work/temp"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=automne.enap.ca" \
  -keyout "$work/certs/privkey.pem" -out "$work/certs/fullchain.pem" 2>/dev/null

sed -e "s#/etc/letsencrypt/live/automne.enap.ca/#$work/certs/#g" \
  -e "s#/var/cache/nginx/automne#$work/cache#g" \
  -e "s#/var/www/letsencrypt#$work/acme#g" \
  "$here/nginx/automne.conf" > "$work/automne.conf"

cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log stderr;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/temp/body;
    proxy_temp_path $work/temp/proxy;
    fastcgi_temp_path $work/temp/fastcgi;
    uwsgi_temp_path $work/temp/uwsgi;
    scgi_temp_path $work/temp/scgi;
    include $work/automne.conf;
}
CONF

nginx -t -q -e stderr -p "$work" -c "$work/nginx.conf"
echo "deploy/nginx/automne.conf : nginx -t réussi."
