"""Build fixtures/reference/administrative_units.json from one vietnam-provinces release: current and legacy lists.

vietnam-provinces 2026.x ships the 63 provinces, 696 districts and 10,051 communes of the 2025-01-04 list and the
official old→new conversion tables effective 2025-07-01, but it installs only on Python 3.12+. Our machines run 3.11,
so this script (run by a maintainer, not at set-up) downloads the wheel, reads the current lists, the legacy lists and
the conversion tables of that one release (so that their codes agree) and writes them as a fixture that
`manage.py load_reference` loads. Nothing is typed by hand; the application never imports the GPL package. Usage:

    .venv/bin/python scripts/build_legacy_reference.py [--version 2026.9.0]
"""

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "reference" / "administrative_units.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", default="2026.9.0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--python-version", "3.12", f"vietnam-provinces=={args.version}", "-d", tmp],
            check=True,
        )
        wheel = next(Path(tmp).glob("vietnam_provinces-*.whl"))
        zipfile.ZipFile(wheel).extractall(Path(tmp) / "src")
        sys.path.insert(0, str(Path(tmp) / "src"))
        from vietnam_provinces import _province_conversion_2025 as province_conversion
        from vietnam_provinces import _ward_conversion_2025 as ward_conversion
        from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH
        from vietnam_provinces.legacy._lookup import DISTRICT_MAPPING, PROVINCE_MAPPING, WARD_MAPPING

        current = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))

        data = {
            "source": f"vietnam-provinces {args.version} (GPL-3.0-or-later), data of the General Statistics Office",
            "list_date": "2025-01-04",
            "effective_date": ward_conversion.EFFECTIVE_DATE,
            # In force since 2025-07-01: 34 provinces and 3,321 commune-level units.
            "current_provinces": [[p["code"], p["name"], p["division_type"]] for p in current],
            "current_communes": [
                [w["code"], w["name"], w["division_type"], p["code"]] for p in current for w in p["wards"]
            ],
            # The list of 2025-01-04, in force until 2025-06-30.
            "provinces": [[int(p.code), p.name, p.division_type.value] for p in PROVINCE_MAPPING.values()],
            "districts": [
                [int(d.code), d.name, d.division_type.value, int(d.province_code)] for d in DISTRICT_MAPPING.values()
            ],
            "communes": [
                [int(w.code), w.name, w.division_type.value, int(w.district_code)] for w in WARD_MAPPING.values()
            ],
            "province_successors": {
                str(old): [int(n.code) for n in entry.new_provinces]
                for old, entry in province_conversion.OLD_TO_NEW.items()
            },
            # old commune code -> [[new commune code, 1 if only part of the old commune went there], ...]
            "commune_successors": {
                str(old): [[int(n.code), int(entry.old_ward.is_partly_merged)] for n in entry.new_wards]
                for old, entry in ward_conversion.OLD_TO_NEW.items()
            },
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT}: {len(data['current_provinces'])} + {len(data['provinces'])} provinces, {len(data['districts'])} districts, "
          f"{len(data['communes'])} communes")


if __name__ == "__main__":
    main()
