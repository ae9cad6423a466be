# gunicorn's settings for the site (README, "Deploying on PostgreSQL"). benchmarks/speed/load.py
# runs this very file, with its own address and no access log.
import multiprocessing

bind = "127.0.0.1:8000"  # nginx in front (deploy/nginx.conf)

# Two workers per core and one more, gunicorn's own rule: a worker serves one request at a time,
# and a page waits on Redis or the database about as long as it computes.
workers = multiprocessing.cpu_count() * 2 + 1

# Sync workers, behind nginx, which buffers slow clients for them. Threads with keep-alive
# (gthread) were measured beside them (README, "Speed"): not reliably faster for a kept page.
worker_class = "sync"
