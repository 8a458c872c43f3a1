import { z } from "zod";

/*
 * Field rules shared by the sign-up form and the server. Messages are
 * translation keys (under `validation.` in the message catalogues), so the form
 * shows the same words the server would answer with.
 */
export const NAME_MAX = 100;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "validation.emailRequired")
  .max(254, "validation.emailTooLong")
  .pipe(z.email("validation.emailInvalid"));

export const ZPersonName = z.string().trim().min(1, "validation.nameRequired").max(NAME_MAX, "validation.nameTooLong");

export const ZNewPassword = z
  .string()
  .min(PASSWORD_MIN, "validation.passwordTooShort")
  .max(PASSWORD_MAX, "validation.passwordTooLong")
  .refine((p) => /\p{L}/u.test(p) && /[\p{N}\p{P}\p{S}]/u.test(p), "validation.passwordWeak");

export const ZSignUpRequest = z.object({
  name: ZPersonName,
  email: ZEmail,
  password: ZNewPassword,
});
export type SignUpRequest = z.infer<typeof ZSignUpRequest>;

export const ZSignInRequest = z.object({
  email: ZEmail,
  password: z.string().min(1, "validation.passwordRequired").max(PASSWORD_MAX),
});
