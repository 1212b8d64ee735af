/**
 * GitHub facts about workflow triggers: which events run with the base repository's rights
 * (its secrets, a writable `GITHUB_TOKEN`, the right to request an OIDC token) on input that
 * someone outside the repository controls. Checked 2026-11-30 against the sources named.
 *
 * Not listed, on purpose:
 * - `pull_request`, `pull_request_review`, `pull_request_review_comment`: from a fork they run
 *   with a read-only token, no secrets and no OIDC token [GitHub docs, "Events that trigger
 *   workflows", pull_request*: "Workflows in forked repositories"];
 * - `fork`, `watch`: an outsider can start them, but they carry next to nothing the outsider
 *   writes, and we found no source that calls them dangerous.
 */

export interface UntrustedTrigger {
  /** Why the event is dangerous where a job publishes, for the docs and tests. */
  readonly why: string;
  readonly source: string;
}

const SECURITY_LAB = "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/";
const ZIZMOR = "https://docs.zizmor.sh/audits/#dangerous-triggers";
const EVENTS = "https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows";

export const UNTRUSTED_INPUT_TRIGGERS: ReadonlyMap<string, UntrustedTrigger> = new Map([
  [
    "pull_request_target",
    {
      why: "runs for pull requests from forks with the base repository's secrets and token; checking out or building the pull request runs its code with them",
      source: `${SECURITY_LAB}; ${ZIZMOR}; ${EVENTS}#pull_request_target`,
    },
  ],
  [
    "workflow_run",
    {
      why: "runs with the base repository's rights after another workflow, which may have run for a fork's pull request; its artifacts and outputs are that run's",
      source: `${SECURITY_LAB}; ${ZIZMOR}; ${EVENTS}#workflow_run`,
    },
  ],
  [
    "issue_comment",
    {
      why: "anyone who can comment on an issue or pull request starts it, on the default branch with the repository's secrets and token",
      source: `${ZIZMOR}; ${EVENTS}#issue_comment`,
    },
  ],
  [
    "issues",
    {
      why: "anyone who can open an issue starts it, on the default branch with the repository's secrets and token",
      source: `${EVENTS}#issues`,
    },
  ],
  [
    "discussion",
    {
      why: "anyone who can open a discussion starts it, on the default branch with the repository's secrets and token",
      source: `${EVENTS}#discussion`,
    },
  ],
  [
    "discussion_comment",
    {
      why: "anyone who can comment on a discussion starts it, on the default branch with the repository's secrets and token",
      source: `${EVENTS}#discussion_comment`,
    },
  ],
]);

/** The workflow's triggers that run with the base repository's rights on outsiders' input, in `on:` order. */
export function untrustedTriggers(triggers: ReadonlySet<string>): string[] {
  return [...triggers].filter((event) => UNTRUSTED_INPUT_TRIGGERS.has(event));
}
