package dev.keyfob.problem;

import java.util.Locale;

/**
 * Every problem code of the HTTP contract, with its status and title.
 *
 * <p>Services and policies throw {@link ProblemException} with one of these; the HTTP layer turns
 * it into {@code application/problem+json} one-to-one, so no other place decides a status code.
 */
public enum ProblemType {
  INVALID_REQUEST(400, "The request is not valid"),
  INVALID_CREDENTIAL(400, "The security key's answer is not valid"),
  UNAUTHENTICATED(401, "Authentication required"),
  INVALID_CODE(401, "The code is not valid"),
  INVALID_RECOVERY_CODE(401, "The recovery code is not valid"),
  INVALID_ASSERTION(401, "The security key's answer is not valid"),
  INVALID_DEVICE_TOKEN(401, "This browser is no longer remembered"),
  FORBIDDEN(403, "Not allowed"),
  ENROLLMENT_REQUIRED(403, "Two-factor enrollment required"),
  MFA_REQUIRED(403, "Two-factor verification required"),
  PASSWORD_REQUIRED(403, "A password is required"),
  STEP_UP_REQUIRED(403, "Recent sign-in required"),
  NOT_FOUND(404, "Not found"),
  ENROLLMENT_NOT_FOUND(404, "Enrollment not found"),
  NOT_A_MEMBER(404, "Not a member"),
  REGISTRATION_NOT_FOUND(404, "Registration not found"),
  ASSERTION_NOT_FOUND(404, "Sign-in attempt not found"),
  CREDENTIAL_NOT_FOUND(404, "Security key not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  SSO_EXEMPT(409, "Signed in with SSO"),
  NOT_ENROLLED(409, "Two-factor authentication is not set up"),
  SSO_ENABLED(409, "SSO is enabled"),
  TWO_FACTOR_ENABLED(409, "Two-factor authentication is required"),
  METHOD_NOT_ENROLLED(409, "This method is not set up"),
  LAST_FACTOR(409, "This is your only second factor"),
  CREDENTIAL_EXISTS(409, "This security key is already registered"),
  TOO_MANY_CREDENTIALS(409, "Too many security keys"),
  PAYLOAD_TOO_LARGE(413, "Request body too large"),
  /** The local API only: a request addressed to a host name other than a local one. */
  MISDIRECTED_REQUEST(421, "Misdirected request"),
  LOCKED(429, "Too many failed attempts"),
  /** A fault in keyfob itself; never the answer to anything a client can send. */
  INTERNAL(500, "Internal error"),
  UNAVAILABLE(503, "Service temporarily unavailable");

  private final int status;
  private final String title;

  ProblemType(int status, String title) {
    this.status = status;
    this.title = title;
  }

  /** HTTP status code. */
  public int status() {
    return status;
  }

  /** Short, fixed human-readable summary. */
  public String title() {
    return title;
  }

  /** The code as it appears in the {@code code} member, e.g. {@code INVALID_CODE}. */
  public String code() {
    return name();
  }

  /** The {@code type} URI, e.g. {@code https://keyfob.dev/problems/invalid-code}. */
  public String typeUri() {
    return "https://keyfob.dev/problems/" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
