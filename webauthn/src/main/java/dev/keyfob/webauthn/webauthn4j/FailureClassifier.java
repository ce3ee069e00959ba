package dev.keyfob.webauthn.webauthn4j;

import com.webauthn4j.verifier.exception.BadAaguidException;
import com.webauthn4j.verifier.exception.BadAlgorithmException;
import com.webauthn4j.verifier.exception.BadAttestationStatementException;
import com.webauthn4j.verifier.exception.BadBackupEligibleFlagException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.BadTopOriginException;
import com.webauthn4j.verifier.exception.CertificateException;
import com.webauthn4j.verifier.exception.CredentialIdTooLongException;
import com.webauthn4j.verifier.exception.CrossOriginException;
import com.webauthn4j.verifier.exception.IllegalBackupStateException;
import com.webauthn4j.verifier.exception.InconsistentClientDataTypeException;
import com.webauthn4j.verifier.exception.KeyDescriptionValidationException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.MissingChallengeException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.PublicKeyMismatchException;
import com.webauthn4j.verifier.exception.SelfAttestationProhibitedException;
import com.webauthn4j.verifier.exception.TrustAnchorNotFoundException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.keyfob.webauthn.WebAuthnCheck;

/** Maps webauthn4j's verification exceptions to the check that failed. */
final class FailureClassifier {
  private FailureClassifier() {}

  static WebAuthnCheck classify(VerificationException e) {
    if (e instanceof InconsistentClientDataTypeException) {
      return WebAuthnCheck.TYPE;
    }
    if (e instanceof BadChallengeException || e instanceof MissingChallengeException) {
      return WebAuthnCheck.CHALLENGE;
    }
    if (e instanceof BadOriginException || e instanceof CrossOriginException
        || e instanceof BadTopOriginException) {
      return WebAuthnCheck.ORIGIN;
    }
    if (e instanceof BadRpIdException) {
      return WebAuthnCheck.RP_ID;
    }
    if (e instanceof UserNotPresentException) {
      return WebAuthnCheck.USER_PRESENCE;
    }
    if (e instanceof NotAllowedAlgorithmException || e instanceof BadAlgorithmException) {
      return WebAuthnCheck.ALGORITHM;
    }
    if (e instanceof BadAttestationStatementException || e instanceof CertificateException
        || e instanceof TrustAnchorNotFoundException
        || e instanceof SelfAttestationProhibitedException
        || e instanceof KeyDescriptionValidationException || e instanceof BadAaguidException
        || e instanceof PublicKeyMismatchException) {
      return WebAuthnCheck.ATTESTATION;
    }
    if (e instanceof IllegalBackupStateException
        || e instanceof BadBackupEligibleFlagException) {
      return WebAuthnCheck.BACKUP_FLAGS;
    }
    if (e instanceof NotAllowedCredentialIdException) {
      return WebAuthnCheck.UNKNOWN_CREDENTIAL;
    }
    if (e instanceof CredentialIdTooLongException) {
      return WebAuthnCheck.CREDENTIAL_ID;
    }
    if (e instanceof BadSignatureException) {
      return WebAuthnCheck.SIGNATURE;
    }
    if (e instanceof MaliciousCounterValueException) {
      return WebAuthnCheck.COUNTER;
    }
    // Token binding, constraint violations, unexpected extensions, client data hash: the
    // response is not what a conforming client sends.
    return WebAuthnCheck.MALFORMED;
  }
}
