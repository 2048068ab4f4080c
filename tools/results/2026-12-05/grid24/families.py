#!/usr/bin/env python3
"""grid23's families.py over the scores in this folder (and the earlier folders'): families.py [--split S] RUN[:mode:K]..."""
import os
import runpy

os.environ["SCORES"] = os.path.dirname(os.path.abspath(__file__))
runpy.run_path(os.path.join(os.environ["SCORES"], "..", "grid23", "families.py"), run_name="__main__")
