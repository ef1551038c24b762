"""Validates SARIF files against a JSON schema with the `jsonschema` package.

usage: validate.py SCHEMA FILE...   exit 0 when every file is valid, 1 otherwise.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)
bad = 0
for path in sys.argv[2:]:
    errors = list(validator.iter_errors(json.load(open(path, encoding="utf-8"))))
    for e in errors[:5]:
        print(f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    bad += bool(errors)
print(f"{len(sys.argv) - 2 - bad} valid, {bad} invalid ({cls.__name__})")
sys.exit(1 if bad else 0)
