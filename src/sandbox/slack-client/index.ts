/**
 * Signed requests to a Slack app, shaped and sent as Slack sends them, with the app's answers applied
 * to the Slack stand-in. For end-to-end tests and the sandbox; product code never imports it.
 */
export { createSlackSender } from './sender';
export type {
  SenderOptions,
  SendOptions,
  EventSendOptions,
  SendResult,
  SlackSender,
  CommandInput,
  CommandResult,
  BlockActionInput,
  BlockActionResult,
  ViewSubmissionInput,
  ViewSubmissionResult,
  ViewClosedInput,
  ViewClosedResult,
  EventInput,
  EventResult,
  MessageShortcutInput,
  GlobalShortcutInput,
  ShortcutResult,
  FunctionParameter,
  FunctionExecutedInput,
  FunctionExecutedResult,
  UninstallInput,
  UninstallResult,
} from './sender';
export { runInstallFlow, type InstallFlowOptions, type InstallFlowResult, type HttpAnswer } from './installFlow';
export { signRequest, signatureHeaders, type SignatureMode, type SigningOptions } from './sign';
export { buildViewState, stateValue, type UserInput } from './elements';
