// One line of input checked as you type, for the steps of "Run Experiment" (params, executor): the
// message of what is wrong, or a prompt saying what Enter will do; Enter accepts only a line that
// parses, Escape (or hiding it) cancels.
import * as vscode from 'vscode';

/** How a line is checked and what the input says of it. */
export interface ValidatedInputSpec<T> {
  /** The parse of `value`, or the message saying what is wrong with it. */
  check(value: string): T | string;
  /** What Enter will do with a line that parses. */
  promptFor(parsed: T): string;
  /** Whether the prompt goes while the line is wrong (else the last one stays under the message). */
  readonly clearPromptOnError?: boolean;
  /**
   * What the input's title-bar button does. While it is pending the input may be hidden (by
   * another input) without that counting as a cancel; it shows again once the work is done.
   */
  onButton?(): Promise<void>;
}

/** What was accepted: the line as typed and its parse. */
export interface Accepted<T> {
  readonly value: string;
  readonly parsed: T;
}

/**
 * Shows `input` (title, value, buttons already set), checking its line as it changes; resolves with
 * the accepted line, or undefined when it was cancelled. The input is disposed either way.
 */
export function showValidatedInput<T>(input: vscode.InputBox, spec: ValidatedInputSpec<T>): Promise<Accepted<T> | undefined> {
  const validate = (): T | undefined => {
    const result = spec.check(input.value);
    if (typeof result === 'string') {
      input.validationMessage = { message: result, severity: vscode.InputBoxValidationSeverity.Error };
      if (spec.clearPromptOnError) input.prompt = undefined;
      return undefined;
    }
    input.validationMessage = undefined;
    input.prompt = spec.promptFor(result);
    return result;
  };
  validate();
  return new Promise((resolve) => {
    let done = false;
    // While the button's work is open this input is hidden: that hiding is not a cancel.
    let busy = false;
    const finish = (accepted: Accepted<T> | undefined): void => {
      if (done || (busy && accepted === undefined)) return;
      done = true;
      resolve(accepted);
      for (const d of subscriptions) d.dispose();
      input.dispose();
    };
    const subscriptions = [
      input.onDidChangeValue(() => validate()),
      input.onDidAccept(() => {
        const parsed = validate();
        if (parsed !== undefined) finish({ value: input.value, parsed });
      }),
      input.onDidTriggerButton(() => {
        if (!spec.onButton) return;
        busy = true;
        void spec.onButton().then(() => {
          busy = false;
          if (!done) input.show();
        });
      }),
      input.onDidHide(() => finish(undefined)),
    ];
    input.show();
  });
}
