# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Do what AWX / automation controller does with the collection's awx/ content, without AWX.

Subcommands (all print errors on stderr and exit 1 on failure):

  check-types DIR            validate the credential type files: inputs, secrets, and env injectors
                             that are exactly the contract's variables
  render TYPE_FILE INPUTS    render a credential type's env injectors with Jinja2 from INPUTS (JSON),
                             as AWX does at job launch; prints NAME=VALUE records separated by NUL
  survey SPEC ANSWERS        validate survey answers (JSON) like AWX does at launch and apply the
                             defaults of unanswered questions; prints the resulting extra vars (JSON)
  check-template ROOT        cross-check each job template in awx/job_templates/ with its playbook,
                             its survey and the role's argument spec

Only the standard library, Jinja2 and PyYAML (both ansible-core dependencies) are used.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys

import yaml
from jinja2 import StrictUndefined, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment


def _credentials():
    """tests/simulator/credentials.py of the collection under test: the modules' variable names."""
    root = os.path.join(
        os.environ["ANSIBLE_COLLECTIONS_PATH"].split(":")[0], "ansible_collections", "domainops", "registrar"
    )
    spec = importlib.util.spec_from_file_location(
        "_credentials", os.path.join(root, "tests", "simulator", "credentials.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_CREDENTIALS = _credentials()
# The environment variables each credential type must inject: the modules' env fallbacks, by registrar.
CONTRACT = {
    "%s.yml" % prefix.lower(): {name for name in _CREDENTIALS.MODULE_ENV_NAMES if name.startswith(prefix + "_")}
    for prefix in ("HOSTUP", "LOGICBOXES", "AUTODNS")
}
SECRET_ENV = set(_CREDENTIALS.SECRET_ENV_NAMES)
FIELD_TYPES = {"string", "boolean"}
SURVEY_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}
# AWX refuses credential types that inject these (they would change how the job itself runs).
RESERVED_ENV = re.compile(r"^(ANSIBLE_|AWX_|JOB_|INVENTORY_|PROJECT_|PATH$|HOME$|PYTHONPATH$|VIRTUAL_ENV$)")

ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined)


class CheckError(Exception):
    pass


def load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def check_type(path):
    """Return a list of problems with one credential type file."""
    name = os.path.basename(path)
    data = load_yaml(path)
    problems = []
    for key in ("name", "kind", "inputs", "injectors"):
        if key not in data:
            problems.append("%s: missing %s" % (name, key))
    if problems:
        return problems
    if data["kind"] not in ("cloud", "net"):
        problems.append("%s: kind must be cloud or net (custom types), got %s" % (name, data["kind"]))
    fields = data["inputs"].get("fields") or []
    ids = [field.get("id") for field in fields]
    if len(set(ids)) != len(ids):
        problems.append("%s: duplicate input ids" % name)
    for field in fields:
        for key in ("id", "label", "type"):
            if key not in field:
                problems.append("%s: input %s has no %s" % (name, field.get("id"), key))
        if field.get("type") not in FIELD_TYPES:
            problems.append("%s: input %s has type %s" % (name, field.get("id"), field.get("type")))
    for required in data["inputs"].get("required") or []:
        if required not in ids:
            problems.append("%s: required input %s is not a field" % (name, required))
    unexpected = set(data["injectors"]) - {"env"}
    if unexpected:
        problems.append("%s: only env injectors are expected, got %s" % (name, sorted(unexpected)))
    env = data["injectors"].get("env") or {}
    expected = CONTRACT.get(name)
    if expected is None:
        problems.append("%s: not a known credential type file (%s)" % (name, sorted(CONTRACT)))
    elif set(env) != expected:
        problems.append("%s: env injectors %s, the contract says %s" % (name, sorted(env), sorted(expected)))
    secret_ids = {field["id"] for field in fields if field.get("secret")}
    for variable, template in env.items():
        if RESERVED_ENV.match(variable):
            problems.append("%s: %s is reserved by AWX" % (name, variable))
        used = meta.find_undeclared_variables(ENV.parse(template))
        missing = used - set(ids)
        if missing:
            problems.append("%s: %s uses undefined inputs %s" % (name, variable, sorted(missing)))
        if variable in SECRET_ENV and not used <= secret_ids:
            problems.append("%s: %s carries a secret, but its input is not secret: true" % (name, variable))
        if variable not in SECRET_ENV and used & secret_ids:
            problems.append("%s: %s is not a secret but comes from a secret input" % (name, variable))
    return problems


def render(path, inputs):
    """The env a job gets from this credential type and these inputs (AWX: missing optional inputs are '')."""
    data = load_yaml(path)
    fields = data["inputs"].get("fields") or []
    for required in data["inputs"].get("required") or []:
        value = inputs.get(required, next((f.get("default") for f in fields if f["id"] == required), None))
        if value in (None, ""):
            raise CheckError("%s: input %s is required" % (os.path.basename(path), required))
    namespace = {}
    for field in fields:
        value = inputs.get(field["id"], field.get("default", ""))
        namespace[field["id"]] = "" if value is None else value
    return {
        variable: ENV.from_string(template).render(**namespace)
        for variable, template in data["injectors"]["env"].items()
    }


def _choices(question):
    choices = question.get("choices") or []
    if isinstance(choices, str):
        choices = [choice for choice in choices.splitlines() if choice.strip()]
    return choices


def survey_errors(question, data):
    """AWX's per-question validation of launch data (types, lengths, ranges, choices)."""
    variable = question["variable"]
    if variable not in data:
        return ["'%s' value missing" % variable] if question.get("required") else []
    value = data[variable]
    kind = question["type"]
    low, high = question.get("min"), question.get("max")
    low = None if low in ("", None) else low
    high = None if high in ("", None) else high
    if kind in ("text", "textarea", "password"):
        if not isinstance(value, str):
            return ["Value %s for '%s' expected to be a string." % (value, variable)]
        if low is not None and len(value) < int(low):
            return [
                "'%s' value %s is too small (length is %s must be at least %s)." % (variable, value, len(value), low)
            ]
        if high is not None and len(value) > int(high):
            return ["'%s' value %s is too large (must be no more than %s)." % (variable, value, high)]
    elif kind == "integer":
        # AWX compares the type exactly, so a bool (an int subclass) is no integer answer either.
        if isinstance(value, bool) or not isinstance(value, int):
            return ["Value %s for '%s' expected to be an integer." % (value, variable)]
        if low is not None and value < int(low):
            return ["'%s' value %s is too small (must be at least %s)." % (variable, value, low)]
        if high is not None and value > int(high):
            return ["'%s' value %s is too large (must be no more than %s)." % (variable, value, high)]
    elif kind == "multiplechoice":
        if value not in _choices(question):
            return ["Value %s for '%s' expected to be one of %s." % (value, variable, _choices(question))]
    elif kind == "multiselect" and (not isinstance(value, list) or any(v not in _choices(question) for v in value)):
        return ["'%s' values %s expected to be among %s." % (variable, value, _choices(question))]
    return []


def survey(spec, answers):
    """Extra vars of a job launched with these answers: answers win, valid defaults fill the rest."""
    errors = []
    extra_vars = {}
    for question in spec["spec"]:
        variable = question["variable"]
        default = question.get("default")
        if variable not in answers and default is not None and not survey_errors(question, {variable: default}):
            extra_vars[variable] = default
    extra_vars.update(answers)
    for question in spec["spec"]:
        errors += survey_errors(question, extra_vars)
    if errors:
        raise CheckError("variables_needed_to_start: " + "; ".join(errors))
    return extra_vars


def check_survey_spec(spec):
    problems = []
    for key in ("name", "description", "spec"):
        if key not in spec:
            problems.append("survey: '%s' missing from survey spec" % key)
    seen = set()
    for question in spec.get("spec", []):
        for key in ("question_name", "variable", "type", "required"):
            if key not in question:
                problems.append("survey: question %s has no %s" % (question.get("variable"), key))
        if question.get("type") not in SURVEY_TYPES:
            problems.append("survey: %s has unknown type %s" % (question.get("variable"), question.get("type")))
        if question.get("variable") in seen:
            problems.append("survey: %s asked twice" % question.get("variable"))
        seen.add(question.get("variable"))
    return problems


def check_templates(root):
    """Every job template in awx/job_templates/ passes check_template."""
    folder = os.path.join(root, "awx", "job_templates")
    problems = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".yml"):
            problems += ["%s: %s" % (name, problem) for problem in check_template(os.path.join(folder, name), root)]
    return problems


def check_template(path, root):
    """The job template's playbook and survey exist, and every survey answer is a valid argument of the role it runs."""
    problems = []
    template = load_yaml(path)
    playbook = os.path.join(root, template["playbook"])
    role = None
    if not os.path.isfile(playbook):
        problems.append("job template: playbook %s does not exist" % template["playbook"])
    else:
        plays = load_yaml(playbook)
        roles = [role["role"] if isinstance(role, dict) else role for play in plays for role in play.get("roles", [])]
        ours = [name for name in roles if name.startswith("domainops.registrar.")]
        if len(ours) != 1:
            problems.append("job template: %s does not run exactly one role of this collection" % template["playbook"])
            return problems
        role = ours[0].rsplit(".", 1)[1]
    if not template.get("survey_enabled"):
        problems.append("job template: survey_enabled is not true")
    spec_path = os.path.join(root, template["survey_spec"])
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    problems += check_survey_spec(spec)
    if role is None:
        return problems
    options = load_yaml(os.path.join(root, "roles", role, "meta", "argument_specs.yml"))
    options = options["argument_specs"]["main"]["options"]
    for question in spec["spec"]:
        variable = question["variable"]
        option = options.get(variable)
        if option is None:
            problems.append("survey: %s is not an option of the %s role" % (variable, role))
            continue
        if question["type"] == "multiplechoice" and option.get("choices"):
            extra = set(_choices(question)) - {str(choice) for choice in option["choices"]}
            # A bool option takes the strings "true"/"false"; the choices cannot say so.
            if extra and option.get("type") != "bool":
                problems.append("survey: %s offers %s, which the role rejects" % (variable, sorted(extra)))
        if question["type"] == "integer" and option.get("type") != "int":
            problems.append(
                "survey: %s is an integer question but the role option is %s" % (variable, option.get("type"))
            )
    return problems


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[1], argv[2:]
    try:
        if command == "check-types":
            problems = []
            files = sorted(os.path.join(args[0], name) for name in os.listdir(args[0]) if name.endswith(".yml"))
            if {os.path.basename(path) for path in files} != set(CONTRACT):
                problems.append("credential types: expected one file per registrar %s" % sorted(CONTRACT))
            for path in files:
                problems += check_type(path)
            if problems:
                raise CheckError("\n".join(problems))
            print("credential types ok: %s" % ", ".join(os.path.basename(path) for path in files))
        elif command == "render":
            env = render(args[0], json.loads(args[1]))
            sys.stdout.write("".join("%s=%s\0" % item for item in sorted(env.items())))
        elif command == "survey":
            with open(args[0], encoding="utf-8") as handle:
                spec = json.load(handle)
            print(json.dumps(survey(spec, json.loads(args[1])), sort_keys=True))
        elif command == "check-template":
            problems = check_templates(args[0])
            if problems:
                raise CheckError("\n".join(problems))
            print("job templates, playbooks, surveys and role agree")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except CheckError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
