import { FieldErrorSchema, ProblemSchema } from '@memfleet/contracts';
import { ContractDto } from './contract-dto';

/** A failing field of a request (libs/contracts' FieldError). */
export class FieldErrorDto extends ContractDto(FieldErrorSchema) {}

/** RFC 9457 problem details, as libs/contracts defines them: the one error shape of the API. */
export class ProblemDto extends ContractDto(ProblemSchema, FieldErrorDto) {}
