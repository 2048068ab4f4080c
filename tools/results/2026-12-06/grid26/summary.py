#!/usr/bin/env python3
"""grid21's summary.py over the scores in this folder: summary.py RUN..."""
import os
import runpy

os.environ["SCORES"] = os.path.dirname(os.path.abspath(__file__))
runpy.run_path(os.path.join(os.environ["SCORES"], "..", "..", "2026-12-05", "grid21", "summary.py"), run_name="__main__")
