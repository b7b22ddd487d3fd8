import { BurnAudioError, type ErrorKind } from '../../errors.js';
import { describeHresult, hresultHex, type FailureContext, type HresultInfo } from './hresults.js';

/** A failed IMAPI (v1 or IMAPI2) call: the HRESULT, its IMAPI name, what failed, and a hint. */
export class ImapiError extends BurnAudioError {
  override readonly name = 'ImapiError';
  readonly kind: ErrorKind;
  readonly imapiName: string;
  readonly hint: string;

  constructor(
    readonly hresult: number,
    /** What the shim says failed, e.g. "IDiscMaster::RecordDisc failed". */
    readonly detail: string,
    /** The recorder or operation, for the message. */
    subject: string,
    /** The phase (and behaviour) the call failed in, which IMAPI_E_GENERIC's hint depends on. */
    context?: FailureContext,
    /** What the HRESULT means, where the caller knows better than the IMAPI v1 table (IMAPI2's codes). */
    info: HresultInfo = describeHresult(hresult, context),
  ) {
    super(`${subject}: ${info.hint} (${info.name}, ${hresultHex(hresult)}${detail ? `: ${detail}` : ''})`, info.name);
    this.kind = info.kind;
    this.imapiName = info.name;
    this.hint = info.hint;
  }
}
