#!/usr/bin/env bash
# check-workflows.sh: validate the GitHub Actions workflows in .github/workflows/ against the
# workflow JSON schema that check-jsonschema ships (vendor.github-workflows), so nothing is fetched
# from GitHub; check-jsonschema itself comes from PyPI when it is not installed yet.
#
# Usage: packaging/check-workflows.sh        (from any directory; exits non-zero on a bad file)
set -euo pipefail

cd "$(dirname "$0")/.."

workflows=(.github/workflows/*.yml)
if [ ! -e "${workflows[0]}" ]; then
    echo "check-workflows: no .github/workflows/*.yml to check" >&2
    exit 1
fi

if command -v check-jsonschema >/dev/null 2>&1; then
    check=(check-jsonschema)
else
    echo "check-workflows: installing check-jsonschema from PyPI" >&2
    # A Python that refuses system-wide installs (PEP 668) still takes a per-user one.
    python3 -m pip install --quiet check-jsonschema \
        || python3 -m pip install --quiet --user check-jsonschema
    # The module, not the script: a --user install's bin/ may not be on PATH.
    check=(python3 -m check_jsonschema)
fi

"${check[@]}" --builtin-schema vendor.github-workflows "${workflows[@]}"
