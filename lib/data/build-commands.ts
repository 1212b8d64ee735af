/**
 * Commands that build a project: they run the project's own code or its dependencies' (build
 * backends, setup.py, install scripts, build.rs, Makefiles). Only clear build commands are
 * listed; a script that only runs `ls` or `twine check` is not a build.
 */
import type { CiStep as Step } from "../ci/shape.js";
import type { ShellCommand } from "../shell/script.js";

const PYTHON = /^(?:python(?:\d+(?:\.\d+)?)?|py)$/u;

/** The program a word runs: `/usr/bin/npm` → `npm`, `npm.cmd` → `npm`. */
function program(word: string): string {
  return word.slice(word.lastIndexOf("/") + 1).replace(/\.(?:exe|cmd)$/iu, "");
}

/** Positional words after the program (options and their `=` values dropped). */
function positionals(argv: readonly string[]): string[] {
  return argv.slice(1).filter((word) => !word.startsWith("-"));
}

/** What builds, keyed by program: the label for messages, or `undefined` when the command does not build. */
const BUILDERS: Readonly<Record<string, (argv: readonly string[]) => string | undefined>> = {
  "pyproject-build": () => "pyproject-build",
  npm: (argv) => {
    const [sub, script] = positionals(argv);
    if (sub === "ci") return "npm ci";
    if ((sub === "install" || sub === "i") && positionals(argv).length === 1) return "npm install";
    return (sub === "run" || sub === "run-script") && script === "build" ? "npm run build" : undefined;
  },
  yarn: (argv) => {
    const words = positionals(argv);
    if (words.length === 0 || words[0] === "install") return "yarn install";
    return words[0] === "build" || (words[0] === "run" && words[1] === "build") ? "yarn build" : undefined;
  },
  pnpm: (argv) => {
    const [sub, script] = positionals(argv);
    if (sub === "install" || sub === "i") return positionals(argv).length === 1 ? "pnpm install" : undefined;
    return sub === "build" || (sub === "run" && script === "build") ? "pnpm build" : undefined;
  },
  cargo: (argv) => (positionals(argv)[0] === "build" ? "cargo build" : undefined),
  poetry: (argv) => (positionals(argv)[0] === "build" ? "poetry build" : undefined),
  uv: (argv) => (positionals(argv)[0] === "build" ? "uv build" : undefined),
  hatch: (argv) => (positionals(argv)[0] === "build" ? "hatch build" : undefined),
  pdm: (argv) => (positionals(argv)[0] === "build" ? "pdm build" : undefined),
  flit: (argv) => (positionals(argv)[0] === "build" ? "flit build" : undefined),
  maturin: (argv) => (["build", "sdist"].includes(positionals(argv)[0] ?? "") ? `maturin ${positionals(argv)[0]}` : undefined),
  gem: (argv) => (positionals(argv)[0] === "build" ? "gem build" : undefined),
  rake: (argv) => (positionals(argv)[0] === "build" ? "rake build" : undefined),
  dotnet: (argv) => (["build", "pack"].includes(positionals(argv)[0] ?? "") ? `dotnet ${positionals(argv)[0]}` : undefined),
  make: (argv) => {
    const targets = positionals(argv).filter((word) => !word.includes("="));
    return targets.length === 0 || targets.some((target) => /^(?:all|build|dist|sdist|wheel|wheels|package)$/u.test(target)) ? "make" : undefined;
  },
  pip: (argv) => {
    const [sub, ...rest] = positionals(argv);
    if (sub === "wheel") return "pip wheel";
    return sub === "install" && rest.some((word) => word === "." || word === "./" || word.startsWith(".[")) ? "pip install ." : undefined;
  },
};

/** `python -m build`, `python setup.py sdist`, `python -m pip install .`: the Python forms. */
function pythonBuild(argv: readonly string[]): string | undefined {
  const m = argv.indexOf("-m");
  if (m !== -1) {
    const module = argv[m + 1];
    if (module === "build") return "python -m build";
    if (module === "pip") return BUILDERS.pip!(["pip", ...argv.slice(m + 2)]);
    return undefined;
  }
  const script = argv[1];
  const command = positionals(argv)[1];
  return script?.endsWith("setup.py") && ["sdist", "bdist_wheel", "bdist", "build"].includes(command ?? "") ? `python setup.py ${command}` : undefined;
}

/** A cheap test before tokenizing a line: it names a build tool at all. */
const MAY_BUILD =
  /\b(?:build|ci|install|i|sdist|bdist_wheel|bdist|wheel|pack|make)\b|\bnpm\b|\byarn\b|\bpnpm\b/u;
const BUILD_PROGRAM = /\b(?:python\d*(?:\.\d+)?|py|pyproject-build|npm|yarn|pnpm|cargo|poetry|uv|hatch|pdm|flit|maturin|gem|rake|dotnet|make|pip\d*(?:\.\d+)?)\b/u;

export function buildCommandOf(command: ShellCommand): string | undefined {
  let argv = command.argv;
  // `bundle exec rake build`, `uv run python -m build`, `poetry run make`: look at what they run.
  for (let depth = 0; depth < 2; depth++) {
    const first = program(argv[0] ?? "");
    if ((first === "bundle" && argv[1] === "exec") || ((first === "uv" || first === "poetry" || first === "pdm" || first === "hatch") && argv[1] === "run")) {
      argv = argv.slice(2);
    } else {
      break;
    }
  }
  const name = program(argv[0] ?? "");
  if (PYTHON.test(name)) return pythonBuild(argv);
  const pip = /^pip\d*(?:\.\d+)?$/u.test(name) ? "pip" : name;
  return BUILDERS[pip]?.(argv);
}

/** The first build command a step's `run:` script runs, as a short label (`python -m build`). */
export function buildInStep(step: Step): string | undefined {
  const script = step.run;
  if (!script) return undefined;
  for (const command of script.commandsWhere((line) => MAY_BUILD.test(line) && BUILD_PROGRAM.test(line))) {
    const label = buildCommandOf(command);
    if (label) return label;
  }
  return undefined;
}
