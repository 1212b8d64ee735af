/**
 * The shell readers behind following: which package script or script file a command runs
 * (lib/shell/package-scripts.ts), and PowerShell's lines and words (lib/shell/powershell.ts).
 */
import { describe, expect, it } from "vitest";
import { dialectFromShebang, packageScriptRun, scriptFileRun } from "../../lib/shell/package-scripts.js";
import { readShellScript } from "../../lib/shell/script.js";

const words = (line: string) => readShellScript(line).commands[0]!.argv;

describe("packageScriptRun", () => {
  it("reads the managers' run forms, with the directory, the packages and the arguments passed on", () => {
    expect(packageScriptRun(words("npm run release"))).toMatchObject({ manager: "npm", scripts: ["release"], dir: undefined, packages: { kind: "current" }, args: [], bare: false });
    expect(packageScriptRun(words("npm --prefix packages/app run-script release -- --dry-run"))).toMatchObject({ scripts: ["release"], dir: "packages/app", args: ["--dry-run"] });
    expect(packageScriptRun(words("npm run release --workspaces"))).toMatchObject({ packages: { kind: "all" }, args: [] });
    expect(packageScriptRun(words("npm run release -w @acme/app"))).toMatchObject({ packages: { kind: "filtered", filters: ["@acme/app"] } });
    expect(packageScriptRun(words("pnpm -C packages/app release"))).toMatchObject({ manager: "pnpm", scripts: ["release"], dir: "packages/app", bare: true });
    expect(packageScriptRun(words("pn release"))).toMatchObject({ manager: "pnpm", scripts: ["release"], bare: true });
    expect(packageScriptRun(words("pnpm -r --filter ./packages/* run release"))).toMatchObject({ packages: { kind: "filtered", filters: ["./packages/*"] }, bare: false });
    expect(packageScriptRun(words("pnpm --recursive run release"))).toMatchObject({ packages: { kind: "all" } });
    expect(packageScriptRun(words("yarn release"))).toMatchObject({ manager: "yarn", scripts: ["release"], bare: true });
    expect(packageScriptRun(words("yarn --cwd web run release"))).toMatchObject({ dir: "web", bare: false });
    expect(packageScriptRun(words("yarn workspace @acme/app release"))).toMatchObject({ packages: { kind: "filtered", filters: ["@acme/app"] }, bare: true });
    expect(packageScriptRun(words("yarn workspaces foreach -A --topological run release"))).toMatchObject({ packages: { kind: "all" }, scripts: ["release"] });
    expect(packageScriptRun(words("bun run release"))).toMatchObject({ manager: "bun", scripts: ["release"] });
    expect(packageScriptRun(words("run-s build publish:*"))).toMatchObject({ manager: "npm-run-all", scripts: ["build", "publish:*"] });
    expect(packageScriptRun(words("npm-run-all -s build -p test lint"))).toMatchObject({ scripts: ["build", "test", "lint"] });
  });

  it("leaves the managers' own commands alone", () => {
    for (const line of ["npm publish", "npm test", "npm ci", "pnpm publish", "pnpm install", "pnpm exec changeset", "yarn npm publish", "yarn install", "yarn", "bun publish", "npm run", "node run.js"]) {
      expect(packageScriptRun(words(line)), line).toBeUndefined();
    }
  });
});

describe("scriptFileRun", () => {
  it("reads a path run directly or by a shell, and its language", () => {
    expect(scriptFileRun(words("./scripts/publish.sh --tag next"))).toEqual({ path: "./scripts/publish.sh", dialect: "sh" });
    expect(scriptFileRun(words("scripts/release"))).toEqual({ path: "scripts/release", dialect: undefined });
    expect(scriptFileRun(words("bash -euo pipefail scripts/publish"))).toEqual({ path: "scripts/publish", dialect: "sh" });
    expect(scriptFileRun(words("sh ./publish.sh"))).toEqual({ path: "./publish.sh", dialect: "sh" });
    expect(scriptFileRun(words("pwsh -NoProfile -File ./build/push.ps1 -Key x"))).toEqual({ path: "./build/push.ps1", dialect: "powershell" });
    expect(scriptFileRun(words("source ./env.sh"))).toEqual({ path: "./env.sh", dialect: "sh" });
  });

  it("follows no interpreter but the shells, no inline script and no path decided at run time", () => {
    for (const line of ["python scripts/publish.py", "node scripts/publish.js", "bash -c 'npm publish'", "pwsh -Command Publish", "bash $SCRIPT", "/usr/local/bin/publish", "npm publish"]) {
      expect(scriptFileRun(words(line)), line).toBeUndefined();
    }
  });

  it("tells PowerShell files without an extension by their shebang", () => {
    expect(dialectFromShebang("#!/usr/bin/env pwsh\nWrite-Host hi\n")).toBe("powershell");
    expect(dialectFromShebang("#!/usr/bin/env bash\necho hi\n")).toBe("sh");
    expect(dialectFromShebang("npm publish")).toBe("sh");
  });
});

describe("PowerShell scripts", () => {
  const pwsh = (text: string) => readShellScript(text, "powershell");

  it("joins backtick continuations and keeps backslashes in paths", () => {
    const script = pwsh("dotnet nuget push artifacts\\*.nupkg `\n  --source https://api.nuget.org/v3/index.json `\n  --api-key \"$env:NUGET_AUTH_TOKEN\"\n");
    expect(script.commands.map((command) => command.argv)).toEqual([
      ["dotnet", "nuget", "push", "artifacts\\*.nupkg", "--source", "https://api.nuget.org/v3/index.json", "--api-key", "$env:NUGET_AUTH_TOKEN"],
    ]);
    expect(script.commands[0]!.line).toBe(0);
  });

  it("reads quotes the PowerShell way, drops comments, here-strings and redirections, and splits at ; | && ||", () => {
    const script = pwsh(
      [
        "<# a block",
        "   comment #>",
        "$notes = @\"",
        "npm publish --in-a-here-string",
        "\"@",
        "& ./build.ps1 -Name 'it''s' -Path \"C:\\tools\\\" 2>&1 > log.txt # trailing comment",
        "cd src; npm publish --tag `\"next`\" && echo done",
      ].join("\n"),
    );
    expect(script.commands.map((command) => command.argv)).toEqual([
      ["$notes", "=", ""],
      ["./build.ps1", "-Name", "it's", "-Path", "C:\\tools\\"],
      ["cd", "src"],
      ["npm", "publish", "--tag", '"next"'],
      ["echo", "done"],
    ]);
  });

  it("reads `$env:NAME = value` as a variable later commands see, in either spelling", () => {
    const script = pwsh("$env:NUGET_KEY = '${{ secrets.KEY }}'\n$env:OTHER='x'\ndotnet nuget push x.nupkg\n");
    expect(script.assignment("NUGET_KEY")).toBe("${{ secrets.KEY }}");
    expect(script.assignment("OTHER")).toBe("x");
    expect(script.commands.map((command) => command.argv[0])).toEqual(["dotnet"]);
  });
});
