/**
 * Where in a CI file a secret is written (lib/publishing/written-secrets.ts): each token shape or
 * URL password is found in what holds it (a scalar's value, a comment, else the raw text with the
 * YAML mark it stands in), once, whatever the file is.
 */
import { describe, expect, it } from "vitest";
import { parseForESLint } from "yaml-eslint-parser";
import { secretsWrittenIn, type WrittenSecret } from "../../lib/publishing/written-secrets.js";

const npm = (seed: string) => `npm_${seed.repeat(36).slice(0, 36)}`;

function found(text: string): string[] {
  return secretsWrittenIn(parseForESLint(text).ast, text).map((written: WrittenSecret) => {
    const holder = written.in === "scalar" ? `scalar ${JSON.stringify(written.scalar.value)}` : written.in === "comment" ? "comment" : `text ${written.mark ?? "-"}`;
    return `${holder}: ${written.found.text}`;
  });
}

describe("secretsWrittenIn", () => {
  it("finds nothing, and walks nothing, in a file without a token prefix or a URL user part", () => {
    expect(found("on: push\njobs:\n  a:\n    steps:\n      - run: echo hi\n")).toEqual([]);
  });

  it("finds a token in a value, in a key and in a comment, each where YAML reads it", () => {
    const [a, b, c] = [npm("Ab1"), npm("Cd2"), npm("Ef3")];
    const text = `env:\n  NPM: ${a}\n  ${b}: x\n# old: ${c}\n`;
    expect(found(text)).toEqual([`scalar "${a}": ${a}`, `scalar "${b}": ${b}`, `comment: ${c}`]);
  });

  it("finds a URL password inside a longer value", () => {
    const text = `env:\n  INDEX: "see https://user:s3cretPassw0rd@pypi.example.com/simple"\n`;
    expect(found(text)).toEqual([`scalar "see https://user:s3cretPassw0rd@pypi.example.com/simple": s3cretPassw0rd`]);
  });

  it("finds a token in an anchor's or alias's name or a tag in the raw text, with its mark", () => {
    const [a, b] = [npm("Gh4"), npm("Ij5")];
    const text = `a: &${a} 1\nb: *${a}\nc: !${b} x\n`;
    expect(found(text)).toEqual([`text anchor: ${a}`, `text alias: ${a}`, `text tag: ${b}`]);
  });

  it("reads an escaped double-quoted scalar as YAML does, where the raw text shows no token there", () => {
    const [token, other] = [npm("Kl6"), npm("Op8")];
    const escaped = `npm\\x5f${token.slice(4)}`;
    expect(found(`env:\n  NPM: "${escaped}"\n  OTHER: ${other}\n`)).toEqual([`scalar "${token}": ${token}`, `scalar "${other}": ${other}`]);
  });

  it("is quiet, not crashing, on flow style, CRLF, multi-document files and nulls", () => {
    const token = npm("Mn7");
    expect(found(`{env: {NPM: ${token}}}\r\n---\r\nx: ~\r\n`)).toEqual([`scalar "${token}": ${token}`]);
  });
});
