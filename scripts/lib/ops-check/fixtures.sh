# The people the runbooks act on, made through the local API as the README's tour makes them:
# identity-provider tokens from its development identity provider, authenticators stood in for
# by oathtool. Tokens, secrets and codes live in these arrays only and are never printed.
# Sourced by scripts/ops-check.

declare -A OC_WHO=()     # user -> org:role[:platform role] of their main org
declare -A OC_ID=()      # user -> identity-provider token (password sign-in, their main org)
declare -A OC_SECRET=()  # user -> TOTP secret of their authenticator
declare -A OC_MFA=()     # user -> latest MFA token
declare -A OC_CODES=()   # user -> unused recovery codes, one a line

oc_api() { # oc_api METHOD PATH TOKEN [JSON]: the body of the answer; fails on a 4xx/5xx
  local args=(-sS --fail-with-body -X "$1" "$OC_BASE$2" -H "authorization: Bearer $3")
  [ $# -ge 4 ] && args+=(-H 'content-type: application/json' -d "$4")
  curl "${args[@]}"
}

oc_status() { # oc_status METHOD PATH TOKEN: the HTTP status only
  curl -s -o /dev/null -w '%{http_code}' -X "$1" "$OC_BASE$2" -H "authorization: Bearer $3"
}

# oc_token USER ORG ROLE [PLATFORM_ROLE]: prints a fresh identity-provider token (password).
oc_token() {
  curl -sS --fail-with-body "$OC_BASE/dev/token" -H 'content-type: application/json' \
    -d "$(jq -n --arg sub "$1" --arg org "$2" --arg role "$3" --arg platform "${4:-}" \
      '{sub: $sub, orgId: $org, role: $role, amr: ["pwd"]}
       + (if $platform == "" then {} else {platformRole: $platform} end)')" | jq -er .token
}

# oc_enroll USER: sets up an authenticator for the user's identity-provider token.
oc_enroll() {
  local started confirmed code
  started=$(oc_api POST /v1/me/two-factor/enrollment "${OC_ID[$1]}" '{}') || return 1
  OC_SECRET[$1]=$(jq -er .secret <<<"$started") || return 1
  code=$(oathtool --totp -b "${OC_SECRET[$1]}")
  confirmed=$(oc_api POST /v1/me/two-factor/enrollment/confirm "${OC_ID[$1]}" \
    "$(jq -n --arg id "$(jq -r .enrollmentId <<<"$started")" --arg code "$code" \
      '{enrollmentId: $id, code: $code}')") || return 1
  OC_MFA[$1]=$(jq -er .mfaToken <<<"$confirmed") || return 1
  OC_CODES[$1]=$(jq -er '.recoveryCodes[]' <<<"$confirmed") || return 1
}

# oc_verify_next USER: signs in with the next 30-second step's code (the current one was used
# by the enrollment); the TOTP secret has to be decrypted for it, so this proves KMS still works.
oc_verify_next() {
  local answer
  answer=$(oc_api POST /v1/me/two-factor/verify "${OC_ID[$1]}" \
    "$(jq -n --arg code "$(oathtool --totp -b -N 'now + 30 seconds' "${OC_SECRET[$1]}")" \
      '{code: $code}')") || return 1
  OC_MFA[$1]=$(jq -er .mfaToken <<<"$answer")
}

# oc_recover USER: a fresh MFA token with one of the user's recovery codes.
oc_recover() {
  local code answer
  code=$(head -n1 <<<"${OC_CODES[$1]}")
  OC_CODES[$1]=$(tail -n +2 <<<"${OC_CODES[$1]}")
  answer=$(oc_api POST /v1/me/two-factor/recover "${OC_ID[$1]}" \
    "$(jq -n --arg code "$code" '{recoveryCode: $code}')") || return 1
  OC_MFA[$1]=$(jq -er .mfaToken <<<"$answer")
}

# The cast: acme (ada its admin; mo, jo, kai members), ada also a member of globex (gil, its
# admin), sue of support, and quiet, an org whose only member is its admin eve, never enrolled.
oc_make_people() {
  local user ada_in_globex
  OC_WHO=([ada]=acme:admin [mo]=acme:member [jo]=acme:member [kai]=acme:member
    [gil]=globex:admin [sue]=keyfob-ops:member:support [eve]=quiet:admin)
  oc_sign_in_all || return 1
  for user in ada mo jo kai gil sue; do
    oc_enroll "$user" || return 1
  done
  # Membership is recorded by calls: ada's call in globex makes her a member there too.
  ada_in_globex=$(oc_token ada globex member) || return 1
  [ "$(oc_status GET /v1/me/two-factor "$ada_in_globex")" = 200 ] || return 1
  [ "$(oc_status GET /v1/orgs/quiet/members "${OC_ID[eve]}")" = 200 ]
}

# oc_sign_in_all: fresh identity-provider tokens for everyone (a restarted local API has a new
# development identity provider, whose keys do not verify the old tokens).
oc_sign_in_all() {
  local user org role platform
  for user in "${!OC_WHO[@]}"; do
    IFS=: read -r org role platform <<<"${OC_WHO[$user]}"
    OC_ID[$user]=$(oc_token "$user" "$org" "$role" "$platform") || return 1
  done
}
