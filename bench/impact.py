"""Timing the impact dashboard: `python bench/impact.py [N]` (default 100,000 synthetic quiz results).

Makes a fresh SQLite database in a temporary folder (migrations give the themes and STO regions, load_demo
the catalogue), adds N synthetic results spread over the quarters the dashboard offers (ended, inside the
retention window) with `manage.py impact_synthetic`, then loads /cijfers/ for the newest and the oldest
offered quarter as a coordinator through Django's test client, a few times each. Prints the median and worst
time and the number of results per quarter. Figures go into the issue notes, never into test assertions.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
folder = tempfile.mkdtemp(prefix="impact-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techniekkaart.settings")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from impact import figures  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.TWO_FACTOR_FOR_STAFF = False
setup_test_environment()
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
started = time.perf_counter()
call_command("impact_synthetic", results=N)
print(f"{N:,} synthetic results made in {time.perf_counter() - started:.1f} s")

staff = get_user_model().objects.create_user("bench@pact.example", password="x", is_staff=True)
client = Client()
client.force_login(staff)
offered = figures.periods_available()
print("offered:", ", ".join(p.slug for p in offered))
for period in dict.fromkeys((offered[0], offered[-1])):
    count = figures.results_in(period).count()
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        response = client.get("/cijfers/", {"periode": period.slug, "gemeente": "Zwolle"})
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    print(
        f"/cijfers/?periode={period.slug}: {count:,} results in the quarter; "
        f"median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms (7 loads)"
    )
csv_t0 = time.perf_counter()
client.get("/cijfers/csv/interesse-gemeente/", {"periode": offered[0].slug})
print(f"one CSV: {(time.perf_counter() - csv_t0) * 1000:.0f} ms")
