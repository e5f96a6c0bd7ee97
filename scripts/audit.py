"""``make audit``: pip-audit over the pinned set, failing when it has no data.

pip-audit exits 0 with "No known vulnerabilities found" when it could not reach
its advisory source for a package (it only lists it as skipped, "Dependency not
found on PyPI and could not be audited"), so a check without data would pass.
This runs it with JSON output and exits:

- 0: every package was checked and none has a known advisory;
- 1: advisories found (listed, with their fix versions);
- 2: pip-audit failed, or some packages could not be checked (listed).

Usage: ``python scripts/audit.py PIP_AUDIT PINNED_FILE [pip-audit options]``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run pip-audit; say what it found and what it could not check."""
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    pip_audit, pinned, *options = argv
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "audit.json"
        result = subprocess.run(
            [pip_audit, "--requirement", pinned, "--no-deps", "--disable-pip"]
            + ["--progress-spinner", "off", "--format", "json", "--desc", "on"]
            + ["--output", str(report), *options],
            capture_output=True,
            text=True,
        )
        if not report.exists():
            print(result.stderr or result.stdout, file=sys.stderr)
            print("audit: FAILED (pip-audit gave no report)", file=sys.stderr)
            return 2
        data = json.loads(report.read_text(encoding="utf-8"))
    packages = data.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix"
            print(f"{package['name']} {package['version']}: {vuln['id']} ({fixes})")
    for package in skipped:
        print(f"not checked: {package['name']} {package.get('version', '')}")
    checked = len(packages) - len(skipped)
    print(
        f"audit: {checked} of {len(packages)} packages checked, "
        f"{len(vulnerable)} with known advisories"
    )
    if skipped or not packages:
        print("audit: FAILED (no advisory data for some packages)", file=sys.stderr)
        return 2
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
