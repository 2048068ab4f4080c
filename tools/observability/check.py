#!/usr/bin/env python3
"""Checks deploy/prometheus and deploy/grafana against a real Prometheus scraping a real `sightline serve`.

What CI cannot run (it has no Prometheus): this starts `./sightline serve`, a Prometheus (Debian's package:
`apt-get install prometheus`, or any `prometheus` and `promtool` on PATH) that scrapes the five services with
deploy/prometheus/prometheus.yml's job and loads deploy/prometheus/alerts.yml, drives tasks through the
gateway, and then asks Prometheus:
  - first, offline: the alert unit tests in tools/observability/alerts_test.yml pass (`promtool test rules`);
  - every alert rule evaluates without error (health "ok");
  - every Grafana panel query returns at least one series, or says which of its metrics no service exposed.
Exit 0 when every rule is healthy and every panel query returned data, 1 otherwise.

    python3 tools/observability/check.py [--tasks 24] [--keep]
"""
import argparse
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROM_PORT = 19090
RELAY_PORT = 19091
GATEWAY_PORT = 18080
API_KEY = "observability-check"
SERVICES = ("gateway", "vision-encoder", "reasoner", "diffusion-decoder", "trace-store")


def log(msg):
    print(f"[observability] {msg}", file=sys.stderr, flush=True)


def start_serve(workdir):
    out = open(os.path.join(workdir, "serve.log"), "w")
    proc = subprocess.Popen(
        [os.path.join(ROOT, "sightline"), "serve", "--port", str(GATEWAY_PORT), "--api-key", API_KEY],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    urls = {}
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"sightline serve exited ({proc.returncode}); see {out.name}")
        text = open(out.name).read()
        # the per-service lines serve prints while starting: "  reasoner   http://localhost:36469  (2.1 s)"
        for name, url in re.findall(r"^\s+([a-z-]+)\s+(http://\S+)\s+\(\d", text, re.M):
            if name in SERVICES:
                urls[name] = url
        if "Stop: Ctrl-C" in text and len(urls) == len(SERVICES):
            return proc, urls
        time.sleep(1)
    proc.terminate()
    raise SystemExit(f"sightline serve did not start in 300 s; see {out.name}")


def prometheus_version():
    out = subprocess.run(["prometheus", "--version"], capture_output=True, text=True).stdout
    return tuple(int(x) for x in re.search(r"version (\d+)\.(\d+)", out).groups())


class TextFormatRelay(http.server.BaseHTTPRequestHandler):
    """GET /relay/HOST:PORT/PATH answers HOST:PORT/PATH fetched as Prometheus text format 0.0.4.

    Prometheus before 2.43 (Debian 12 ships 2.42) asks for OpenMetrics and drops a whole scrape that carries an
    exemplar on a `_count` line, which Micrometer writes when tracing is on; the text format has no exemplars.
    The services are unchanged: compose and Kubernetes run Prometheus 3 (docs/operations.md)."""

    def do_GET(self):
        target = self.path[len("/relay/"):]
        request = urllib.request.Request("http://" + target, headers={"Accept": "text/plain;version=0.0.4"})
        with urllib.request.urlopen(request, timeout=10) as r:
            body = r.read()
            kind = r.headers.get("Content-Type", "text/plain")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


RELABEL_THROUGH_RELAY = f"""
    relabel_configs:
      - source_labels: [__address__]
        target_label: instance
      - source_labels: [__address__]
        regex: (.*)
        target_label: __metrics_path__
        replacement: /relay/$1/actuator/prometheus
      - target_label: __address__
        replacement: 127.0.0.1:{RELAY_PORT}
"""


def start_prometheus(workdir, urls):
    alerts = os.path.join(ROOT, "deploy", "prometheus", "alerts.yml")
    shipped = open(os.path.join(ROOT, "deploy", "prometheus", "prometheus.yml")).read()
    # the shipped file with its rule path and the compose hostnames swapped for this host's; the 2-s interval
    # only makes the check short (rate() windows of 1m need a few samples)
    targets = ", ".join(f'"{urllib.parse.urlparse(u).netloc}"' for u in urls.values())
    config = re.sub(r"targets: \[[^\]]*\]", f"targets: [{targets}]", shipped)
    config = config.replace("/etc/prometheus/alerts.yml", alerts)
    config = config.replace("scrape_interval: 10s", "scrape_interval: 2s\n  evaluation_interval: 2s")
    if prometheus_version() < (2, 43):
        log("Prometheus before 2.43 rejects exemplars on _count lines: scraping the text format through a relay")
        relay = http.server.ThreadingHTTPServer(("127.0.0.1", RELAY_PORT), TextFormatRelay)
        threading.Thread(target=relay.serve_forever, daemon=True).start()
        config = config.rstrip("\n") + "\n" + RELABEL_THROUGH_RELAY
    path = os.path.join(workdir, "prometheus.yml")
    open(path, "w").write(config)
    subprocess.run(["promtool", "check", "config", path], check=True, stdout=subprocess.DEVNULL)
    return subprocess.Popen(
        ["prometheus", f"--config.file={path}", f"--storage.tsdb.path={workdir}/tsdb",
         f"--web.listen-address=127.0.0.1:{PROM_PORT}"],
        stdout=open(os.path.join(workdir, "prometheus.log"), "w"), stderr=subprocess.STDOUT)


def api(path, **params):
    url = f"http://127.0.0.1:{PROM_PORT}/api/v1/{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(f"{path}: {body}")
    return body["data"]


def drive_tasks(n):
    """Text, latent and mixed tasks on one image (so the feature cache hits), answered through the gateway."""
    image = os.path.join(ROOT, "docs", "examples", "scene.png")
    modes = ("text", "latent", "mixed")
    for i in range(n):
        subprocess.run(
            [os.path.join(ROOT, "sightline"), "ask", "--gateway", f"http://localhost:{GATEWAY_PORT}",
             "--api-key", API_KEY, "--image", image, "--mode", modes[i % len(modes)], "--wait",
             "How many red objects can you see?"],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        log(f"task {i + 1}/{n} ({modes[i % len(modes)]}) answered")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=24)
    ap.add_argument("--keep", action="store_true", help="keep the work directory (logs, config, TSDB)")
    args = ap.parse_args()
    for tool in ("prometheus", "promtool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not on PATH (Debian: apt-get install prometheus)")
    log("promtool test rules tools/observability/alerts_test.yml (the alerts on synthetic series) ...")
    if subprocess.run(["promtool", "test", "rules", os.path.join(ROOT, "tools/observability/alerts_test.yml")]).returncode:
        return 1
    workdir = tempfile.mkdtemp(prefix="sightline-observability-")
    serve = prom = None
    try:
        log("starting sightline serve ...")
        serve, urls = start_serve(workdir)
        log("starting Prometheus on " + ", ".join(urls.values()))
        prom = start_prometheus(workdir, urls)
        for _ in range(60):
            try:
                if len([t for t in api("targets")["activeTargets"] if t["health"] == "up"]) == len(urls):
                    break
            except OSError:
                pass
            time.sleep(1)
        drive_tasks(args.tasks)
        log("letting Prometheus scrape and evaluate for 20 s ...")
        time.sleep(20)
        return report(urls)
    finally:
        for p in (prom, serve):
            if p is not None:
                p.terminate()
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
        if args.keep:
            log(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def report(urls):
    ok = True
    targets = api("targets")["activeTargets"]
    for t in targets:
        print(f"target {t['scrapeUrl']}: {t['health']} {t.get('lastError', '')}".rstrip())
        ok &= t["health"] == "up"
    names = set(api("label/__name__/values"))
    for group in api("rules")["groups"]:
        for rule in group["rules"]:
            line = f"rule {rule['name']}: {rule['health']}, {rule.get('state', '')}"
            print(line + (f" ({rule['lastError']})" if rule.get("lastError") else ""))
            ok &= rule["health"] == "ok"
    dashboard = json.load(open(os.path.join(ROOT, "deploy", "grafana", "dashboards", "sightline.json")))
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            expr = target["expr"]
            series = api("query", query=expr)["result"]
            used = sorted(set(re.findall(r"\b(sightline_\w+|kafka_\w+|resilience4j_\w+)", expr)))
            base = {re.sub(r"_(sum|count|total|bucket|max)$", "", m) for m in used}
            missing = [m for m in used if m not in names and not any(n.startswith(b) for b in base for n in names)]
            status = f"{len(series)} series" if series else "NO DATA" + (f" (not exposed: {', '.join(missing)})"
                                                                           if missing else " (exposed, no samples)")
            print(f"panel '{panel['title']}': {expr} -> {status}")
            ok &= bool(series)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
