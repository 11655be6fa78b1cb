"""schemathesis against the real `ajar` binary, signed in as a client and a therapist.

Run by `cargo xtask test` (few examples) and `cargo xtask torture schemathesis` (1000),
with the Python of the virtual environment xtask makes (schemathesis installed in it):

    python tests/api/run.py --ajar target/debug/ajar --max-examples 100

It starts `ajar serve --demo` on a fresh database and a free loopback port, signs the
demo therapist and one demo client in, and runs every operation of
/api/v1/openapi.json with every check schemathesis has. The two sign-out operations
would end the sessions the rest use, so they run on their own, last; before them, the
FHIR export of everything stored so far is checked (fhir_check.py). The last line says
how many operations and test cases ran and how many failed; the exit status is 0 only
when nothing failed and the server is still up.
"""

import argparse
import http.cookies
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import fhir_check

HERE = Path(__file__).resolve().parent
SIGN_OUTS = ["client_sign_out", "therapist_sign_out"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(ajar, folder):
    port = free_port()
    server = subprocess.Popen(
        [ajar, "serve", "--demo", "--db", str(folder / "ajar.sqlite3"),
         "--addr", f"127.0.0.1:{port}", "--dist", str(folder / "no-app"),
         # Thousands of requests from one phone on purpose; the limit has its own test.
         "--phone-requests-per-minute", "1000000"],
        stdout=subprocess.PIPE, stderr=open(folder / "server.log", "w"), text=True,
    )
    printed = []
    deadline = time.monotonic() + 60
    for line in server.stdout:
        printed.append(line)
        if "Press Ctrl-C" in line or time.monotonic() > deadline:
            break
    text = "".join(printed)
    login = re.search(r"demo login: (\S+) / (\S+)", text)
    link = re.search(r"#t=([A-Za-z0-9_-]+)", text)
    if not (login and link):
        server.kill()
        sys.exit(f"ajar serve --demo did not print a demo login and a client link; see {folder}/server.log")
    return server, f"http://127.0.0.1:{port}", login.groups(), link.group(1)


def session_cookie(base, path, body, name):
    request = urllib.request.Request(
        f"{base}/api/v1{path}", data=json.dumps(body).encode(), method="POST",
        headers={"content-type": "application/json", "x-ajar-csrf": "1"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        for header in answer.headers.get_all("set-cookie") or []:
            jar = http.cookies.SimpleCookie(header)
            if name in jar:
                return jar[name].value
    sys.exit(f"POST {path} set no {name} cookie")


def schemathesis(base, env, max_examples, seed, select):
    st = Path(sys.executable).parent / "st"
    command = [
        str(st), "--config-file", str(HERE / "schemathesis.toml"), "run",
        f"{base}/api/v1/openapi.json", "--max-examples", str(max_examples),
        "--seed", str(seed), *select,
    ]
    run = subprocess.run(command, env=env, capture_output=True, text=True)
    output = run.stdout + run.stderr
    tested = re.search(r"Tested: (\d+)", output)
    cases = re.search(r"(\d+) generated", output)
    return run.returncode, output, int(tested.group(1)) if tested else 0, int(cases.group(1)) if cases else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ajar", required=True)
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ajar-schemathesis-"))
    server, base, (email, password), token = start(args.ajar, folder)
    try:
        env = dict(os.environ)
        env["AJAR_THERAPIST_SESSION"] = session_cookie(
            base, "/therapist/session", {"email": email, "password": password}, "__Host-ajar_therapist")
        env["AJAR_CLIENT_SESSION"] = session_cookie(
            base, "/client/session", {"token": token}, "__Host-ajar_client")
        excluded = [a for op in SIGN_OUTS for a in ("--exclude-operation-id", op)]
        only = [a for op in SIGN_OUTS for a in ("--include-operation-id", op)]
        operations, cases, failed = 0, 0, False
        for select in (excluded, only):
            code, output, tested, generated = schemathesis(base, env, args.max_examples, args.seed, select)
            operations += tested
            cases += generated
            if code != 0 or tested == 0:
                failed = True
                print(output)
            if select is excluded:
                # Before the sign-outs: the export of everything schemathesis stored.
                problems, entries = fhir_check.check(base, env["AJAR_THERAPIST_SESSION"])
                for problem in problems[:20]:
                    print(f"FHIR: {problem}")
                failed = failed or bool(problems) or entries == 0
                print(f"fhir: {entries} entries read by fhir.resources (R4B), {len(problems)} problems")
        alive = server.poll() is None
        if not alive:
            failed = True
            print(f"the server stopped during the run; see {folder}/server.log")
        print(f"seed {args.seed}; server log: {folder}/server.log")
        print(f"schemathesis: {operations} operations, {cases} test cases, "
              f"{'failures (above)' if failed else '0 failures'}")
        return 1 if failed else 0
    finally:
        server.kill()


if __name__ == "__main__":
    sys.exit(main())
