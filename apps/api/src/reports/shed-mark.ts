/** Set on a response that admission control (ingestAdmission) answered 503: the request logger logs it at debug. */
export const shedMark = Symbol('memfleet.shed');
