# Sourced by tests that need a real web server: Debian's nginx on 127.0.0.1, run by the test
# with its config in the test's directory (daemon off, stopped by its PID), as nobody when the
# test runs as root. It serves $WORK/www read-only and takes WebDAV PUTs under /journals/.
#   start_nginx      sets NGINX_PID and NGINX_URL (http://127.0.0.1:PORT); again on the same port
#   stop_nginx       kill -QUIT by PID, waits for it
# The access log ($WORK/nginx/access.log) has "METHOD URI STATUS BYTES_SENT REQUEST_LENGTH".
# NGINX_JOURNAL_RATE (say 20r/s) paces requests under /journals/ as a slow uplink would: nginx
# delays each one to that rate, so a test's timing holds on a fast machine as on a slow one.
NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}
[ -x "$NGINX_BIN" ] || {
  echo "nginx is needed by this test (scripts/install-deps installs it)" >&2
  exit 2
}
NGINX_PID=""

start_nginx() {
  local dir="$WORK/nginx" port
  mkdir -p "$dir/tmp" "$WORK/www/journals"
  rm -f "$dir/nginx.pid"
  local rate_zone="" rate_limit=""
  if [ -n "${NGINX_JOURNAL_RATE:-}" ]; then
    rate_zone="limit_req_zone \$server_name zone=journal_rate:1m rate=$NGINX_JOURNAL_RATE;"
    rate_limit="limit_req zone=journal_rate burst=100000;"
  fi
  port=${NGINX_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  NGINX_PORT=$port
  cat >"$dir/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
  log_format counted '\$request_method \$uri \$status \$bytes_sent \$request_length';
  access_log $dir/access.log counted;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  default_type application/octet-stream;
  $rate_zone
  server {
    listen 127.0.0.1:$port;
    root $WORK/www;
    etag on;
    location /journals/ {
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw all:r;
      client_max_body_size 16m;
      $rate_limit
    }
  }
}
CONF
  local run=()
  if [ "$(id -u)" = 0 ]; then
    # nginx's workers run as nobody: it must reach the files and write the journals.
    chmod 755 "$WORK"
    chmod -R a+rX "$WORK/www"
    chmod 777 "$WORK/www/journals" "$dir" "$dir/tmp"
    run=(runuser -u nobody --)
  fi
  "${run[@]}" "$NGINX_BIN" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout" 2>&1 &
  NGINX_PID=$!
  NGINX_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),0.2)' \
      "$port" 2>/dev/null && [ -s "$dir/nginx.pid" ]; then return 0; fi
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.05
  done
  cat "$dir/error.log" "$dir/stdout" >&2 || true
  fail "nginx did not start"
}

stop_nginx() {
  [ -n "$NGINX_PID" ] || return 0
  # runuser does not pass SIGQUIT on: signal nginx's master by the PID it wrote.
  local master
  master=$(cat "$WORK/nginx/nginx.pid" 2>/dev/null || true)
  if [ -n "$master" ]; then kill -QUIT "$master" 2>/dev/null || true; fi
  kill -TERM "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=""
}
