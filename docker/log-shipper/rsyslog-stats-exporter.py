#!/usr/bin/python3
"""rsyslog's own counters for Prometheus.

rsyslog's impstats module writes a JSON record per counter set every few seconds; rsyslog runs this
program (omprog) and writes them to its stdin. The last record of each set is served at :9104/metrics
(the Prometheus client library), as the rsyslog_exporter of the Prometheus community does (that one
cannot be obtained here):

  rsyslog_action_<counter>_total{action}      each action: processed, failed, suspended, resumed
  rsyslog_queue_size{queue}, rsyslog_queue_max_size{queue}, rsyslog_queue_<counter>_total{queue}
                                              each queue: messages waiting now, its high mark, enqueued,
                                              full, discarded
  rsyslog_elasticsearch_<counter>_total       omelasticsearch: submitted, failed_check_conn (a try to
                                              reach a suspended Elasticsearch failed: every 2 s while
                                              it is away), failed_httprequests, failed_es, responses
  <metric>_total{<label>}                     a dyn_stats bucket named <metric>__<label>, e.g.
                                              spark_log_events_total{level} from spark_log_events__level
  rsyslog_stats_records_total                 records read, so a stalled impstats shows

rsyslog's counters are cumulative (resetCounters off), so they are counters here too.
"""
import json
import re
import sys
import threading

from prometheus_client import start_http_server
from prometheus_client.core import REGISTRY, CounterMetricFamily, GaugeMetricFamily

PORT = 9104
GAUGES = {"size", "maxqsize"}
_lock = threading.Lock()
_records = {}  # (origin, name) -> latest record
_read = 0


def _metric_name(value):
    """A Prometheus name part: snake case (checkConn -> check_conn), '.' and the like as '_'."""
    value = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", value).lower()
    return re.sub(r"[^a-z0-9_]", "_", value)


class RsyslogCollector:
    def collect(self):
        with _lock:
            records = list(_records.items())
            read = _read
        families = {}

        def family(kind, name, doc, labels):
            key = (kind, name)
            if key not in families:
                cls = GaugeMetricFamily if kind == "gauge" else CounterMetricFamily
                families[key] = (cls(name, doc, labels=labels), {})
            return families[key]

        for (origin, name), record in records:
            if origin == "dynstats.bucket" and "__" in name:
                metric, label = name.split("__", 1)
                fam, values = family("counter", _metric_name(metric), "events counted by the shipper, by " + label,
                                     [_metric_name(label)])
                for key, value in (record.get("values") or {}).items():
                    if isinstance(value, (int, float)):
                        values[(key,)] = values.get((key,), 0) + value
                continue
            for counter, value in record.items():
                if counter in ("name", "origin") or not isinstance(value, (int, float)):
                    continue
                if origin == "core.action":
                    metric, labels = "rsyslog_action_" + _metric_name(counter), ("action", name)
                elif origin == "core.queue":
                    metric, labels = "rsyslog_queue_" + _metric_name(counter), ("queue", name)
                    if counter == "maxqsize":
                        metric = "rsyslog_queue_max_size"
                elif origin == "omelasticsearch":
                    metric, labels = "rsyslog_elasticsearch_" + _metric_name(counter), None
                else:
                    continue
                kind = "gauge" if counter in GAUGES else "counter"
                fam, values = family(kind, metric, "rsyslog impstats %s %s" % (origin, counter),
                                     [labels[0]] if labels else [])
                label_values = (labels[1],) if labels else ()
                values[label_values] = values.get(label_values, 0) + value
        for (kind, _), (fam, values) in families.items():
            for label_values, value in values.items():
                fam.add_metric(list(label_values), value)
            yield fam
        total = CounterMetricFamily("rsyslog_stats_records", "impstats records read from rsyslog")
        total.add_metric([], read)
        yield total


def main():
    global _read
    REGISTRY.register(RsyslogCollector())
    start_http_server(PORT)
    for line in sys.stdin:
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            print("rsyslog-stats-exporter: not JSON: %r" % line[:200], file=sys.stderr)
            continue
        key = (record.get("origin", ""), record.get("name", ""))
        with _lock:
            _records[key] = record
            _read += 1
    # stdin closed: rsyslog is stopping (it restarts the program if it needs it again)


if __name__ == "__main__":
    main()
