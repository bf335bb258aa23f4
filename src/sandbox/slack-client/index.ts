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
} from './sender';
export { signRequest, signatureHeaders, type SignatureMode, type SigningOptions } from './sign';
export { buildViewState, stateValue, type UserInput } from './elements';
