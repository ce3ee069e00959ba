# The checks: one function oc_step_<step> per "run" step of docs/operations.md (dashes become
# underscores). Each runs the step's commands from the runbook (oc_do) and then checks what the
# runbook says they lead to. It returns 0 with OC_CHECKED saying what held, 1 with OC_WHY saying
# what did not, or 3 with OC_WHY saying why the step could not run here.
# Sourced by scripts/ops-check, which runs the steps in the runbook's order and sets TOKEN,
# SUPPORT_TOKEN and ME before each, as an operator would.

# oc_do STEP: runs the step's block in the working directory; output in $OC_OUT and $OC_ERR.
oc_do() {
  local block status
  block=$(oc_block "$1") || { OC_WHY="no run block for $1"; return 1; }
  OC_OUT=$OC_WORK/out/$1.out
  OC_ERR=$OC_WORK/out/$1.err
  oc_run_block "$block" "$OC_OUT" "$OC_ERR"
  status=$?
  [ $status -eq 0 ] || OC_WHY="the runbook's commands failed: $(oc_excerpt "$OC_ERR")"
  return $status
}

# oc_check DESCRIPTION COMMAND...: fails the step with DESCRIPTION unless COMMAND succeeds.
oc_check() {
  local what=$1
  shift
  "$@" && return 0
  OC_WHY="expected $what"
  return 1
}

oc_excerpt() { tail -n 3 "$1" | tr '\n' ' ' | cut -c1-300; }

# oc_unsupported_by_cli WHAT: when the AWS CLI did not know the block's command or option, the
# step is skipped, saying so.
oc_unsupported_by_cli() {
  grep -qE "Invalid choice|Unknown options" "$OC_ERR" || return 1
  OC_WHY="$(command aws --version | cut -d' ' -f1) has no $1 (a later AWS CLI v2 has)"
}

oc_same_json() { [ "$(jq -cS . "$1")" = "$(jq -cS . "$2")" ]; }
oc_lines() { [ "$(cat "$1")" = "$(printf '%b' "$2")" ]; }
oc_sorted_lines() { [ "$(sort "$1")" = "$(printf '%b' "$2" | sort)" ]; }
oc_key_state() { aws kms describe-key --key-id "$KMS_KEY" --query KeyMetadata.KeyState --output text; }
oc_active_kid() {
  aws dynamodb get-item --table-name "$TABLE" \
    --key '{"pk":{"S":"SIGNING_KEYS"},"sk":{"S":"ACTIVE"}}' --query Item.activeKid.S --output text
}

# oc_audit_orgs TYPE TARGET TEXT: the orgs (pk) whose audit trail in the table has an event of
# that type for that user with TEXT in it, sorted, one a line.
oc_audit_orgs() {
  aws dynamodb scan --table-name "$TABLE" \
    --filter-expression "begins_with(sk, :a) AND #t = :t AND targetUserId = :u" \
    --expression-attribute-names '{"#t":"type"}' \
    --expression-attribute-values "$(jq -nc --arg t "$1" --arg u "$2" \
      '{":a":{S:"AUDIT#"},":t":{S:$t},":u":{S:$u}}')" --output json |
    jq -r --arg text "$3" '.Items[] | select(tostring | contains($text)) | .pk.S' | sort
}

oc_step_local_stack() {
  oc_do local-stack || return 1
  oc_check "KMS_KEY to be a key id, not $KMS_KEY" \
    grep -qxE '[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}' <<<"$KMS_KEY" || return 1
  oc_check "the local API at \$API" [ "$(curl -s -o /dev/null -w '%{http_code}' \
    "$API/.well-known/jwks.json")" = 200 ] || return 1
  OC_CHECKED="API answers, TABLE is $TABLE, KMS_KEY is a key id (found through alias/keyfob-local, so aws reaches the emulator)"
}

oc_step_admin_reset() {
  local mo_token=${OC_MFA[mo]} top
  oc_do admin-reset || return 1
  oc_check "the answer the runbook shows, not $(cat "$OC_OUT")" \
    oc_same_json "$OC_OUT" "$(oc_block admin-reset output)" || return 1
  top=$(oc_api GET '/v1/orgs/acme/audit-events?limit=1' "$TOKEN") || return 1
  oc_check "ADMIN_RESET of mo by ada, with the reason, at the top of the audit trail" \
    jq -e '.events[0] | .type == "ADMIN_RESET" and .actorId == "ada" and .targetUserId == "mo"
      and (.details.reason | length > 0)' <<<"$top" >/dev/null || return 1
  oc_check "mo's MFA token refused (401) after the reset" \
    [ "$(oc_status GET /v1/me/two-factor "$mo_token")" = 401 ] || return 1
  OC_CHECKED='answer is the runbook'"'"'s {"results":[{"userId":"mo","status":"RESET"}]}; ADMIN_RESET with actor and reason tops the audit trail; mo'"'"'s MFA token is refused (401)'
}

oc_step_support_reset() {
  oc_do support-reset || return 1
  oc_check "the answer the runbook shows, not $(cat "$OC_OUT")" \
    oc_same_json "$OC_OUT" "$(oc_block support-reset output)" || return 1
  oc_check "one SUPPORT_RESET with the ticket in each of her orgs' audit trails, acme and globex" \
    [ "$(oc_audit_orgs SUPPORT_RESET ada SUP-1234 | tr '\n' ' ')" = "ORG#acme ORG#globex " ] \
    || return 1
  oc_check "the AdminFunction log line of the support reset" \
    oc_wait_for 10 "log line" grep -qF "support reset by sue of ada: RESET (2 orgs)" \
      "$OC_WORK/run-local.log" || return 1
  oc_do support-reset || return 1
  oc_check "NOT_ENROLLED for the same request again, not $(cat "$OC_OUT")" \
    jq -e '.status == "NOT_ENROLLED"' "$OC_OUT" >/dev/null || return 1
  # ada enrolls afresh at her next sign-in.
  oc_enroll ada || { OC_WHY="ada could not enroll again"; return 1; }
  OC_CHECKED='answer is the runbook'"'"'s {"userId":"ada","status":"RESET"}; SUPPORT_RESET with the ticket in both of her orgs (acme, globex); log line "support reset by sue of ada: RESET (2 orgs)"; the same request again: NOT_ENROLLED'
}

oc_step_lost_phone_wave() {
  oc_do lost-phone-wave || return 1
  oc_check "mo NOT_ENROLLED (reset above), jo and kai RESET, not: $(tr '\n\t' '; ' <"$OC_OUT")" \
    oc_lines "$OC_OUT" 'mo\tNOT_ENROLLED\njo\tRESET\nkai\tRESET' || return 1
  oc_do lost-phone-wave || return 1
  oc_check "all NOT_ENROLLED when the batch is sent again, not: $(tr '\n\t' '; ' <"$OC_OUT")" \
    oc_lines "$OC_OUT" 'mo\tNOT_ENROLLED\njo\tNOT_ENROLLED\nkai\tNOT_ENROLLED' || return 1
  OC_CHECKED="mo NOT_ENROLLED (reset above), jo RESET, kai RESET; the same batch again: all NOT_ENROLLED"
}

oc_step_kms_rotate_on_demand() {
  if ! oc_do kms-rotate-on-demand; then
    oc_unsupported_by_cli "kms rotate-key-on-demand" && return 3
    return 1
  fi
  oc_check "ada's secret, made before the rotation, to decrypt at sign-in" oc_verify_next ada \
    || return 1
  OC_CHECKED="rotated on demand; a secret made before it still decrypts (ada signs in)"
}

oc_step_kms_cancel_deletion() {
  local state
  aws kms schedule-key-deletion --key-id "$KMS_KEY" --pending-window-in-days 7 \
    --query DeletionDate --output text | grep -q '^20' \
    || { OC_WHY="could not schedule the deletion to cancel"; return 1; }
  oc_do kms-cancel-deletion || return 1
  state=$(oc_key_state)
  oc_check "the key Enabled again, not $state" [ "$state" = Enabled ] || return 1
  oc_check "sue's secret to decrypt at sign-in after the cancel" oc_verify_next sue || return 1
  OC_CHECKED="a deletion scheduled before it is cancelled and the key Enabled again; secrets decrypt (sue signs in)"
}

oc_step_local_rotation() {
  OC_OLD_KID=$(oc_active_kid) || { OC_WHY="no active signing key before the rotation"; return 1; }
  oc_do local-rotation || return 1
  OC_ROTATED_AT=$SECONDS
  OC_NEW_KID=$(jq -er 'select(keys == ["activeKid"]) | .activeKid' "$OC_OUT") \
    && [ "$(wc -l <"$OC_OUT")" = 1 ] \
    || { OC_WHY="one {\"activeKid\": …} answer, not: $(oc_excerpt "$OC_OUT")"; return 1; }
  oc_check "a new kid, not the old $OC_OLD_KID" [ "$OC_NEW_KID" != "$OC_OLD_KID" ] || return 1
  oc_check 'the function to see the schedule'"'"'s event ("trigger":"schedule" in its log)' \
    grep -q '"msg":"signing key rotated".*"trigger":"schedule"' "$OC_ERR" || return 1
  OC_CHECKED="answers {\"activeKid\": new kid}, not the one active before; the function logged trigger schedule"
}

oc_step_jwks_after_rotation() {
  local waited
  while :; do
    oc_do jwks-after-rotation || return 1
    waited=$((SECONDS - OC_ROTATED_AT))
    grep -qxF -e "$OC_NEW_KID" "$OC_OUT" && break
    oc_check "the new kid once the JWKS cache ($OC_JWKS_CACHE_SECONDS s here) expired, still not after $waited s" \
      [ $waited -le $((OC_JWKS_CACHE_SECONDS + 5)) ] || return 1
    sleep 1
  done
  oc_check "the old kid listed beside the new one" grep -qxF -e "$OC_OLD_KID" "$OC_OUT" || return 1
  oc_check "ada's MFA token from before the rotation still accepted" \
    [ "$(oc_status GET /v1/orgs/acme/members "$TOKEN")" = 200 ] || return 1
  OC_CHECKED="the new kid and the old one, the new one listed $waited s after the rotation (the JWKS cache of this stack is $OC_JWKS_CACHE_SECONDS s; deployed, up to 60 s, as the runbook says); a token of the old key still accepted"
}

oc_step_signing_keys() {
  oc_do signing-keys || return 1
  oc_check "KEY#new ACTIVE and KEY#old RETIRED with a retiredAt, not: $(tr '\n\t' '; ' <"$OC_OUT")" \
    awk -F'\t' -v new="KEY#$OC_NEW_KID" -v old="KEY#$OC_OLD_KID" '
      $1 == new && $2 == "ACTIVE" && $3 ~ /^20[0-9][0-9]-/ && $4 == "-" { n++ }
      $1 == old && $2 == "RETIRED" && $4 ~ /^20[0-9][0-9]-/ { o++ }
      END { exit !(n == 1 && o == 1 && NR == 2) }' "$OC_OUT" || return 1
  OC_CHECKED="two keys with readable times: the new one ACTIVE, the old one RETIRED with its retiredAt"
}

oc_step_withdraw_old_key() {
  local old_token=$TOKEN
  # In place of "wait at least 5 minutes": no environment runs during the edit, and the one
  # started after it signs with the new key at once. (The cache of the published keys is seen
  # expiring in jwks-after-rotation.)
  oc_stop_api
  oc_do withdraw-old-key || return 1
  oc_start_api && oc_sign_in_all || { OC_WHY="the local API did not start again"; return 1; }
  oc_check "OLD_KID to be the kid active before the rotation ($OC_OLD_KID), not $OLD_KID" \
    [ "$OLD_KID" = "$OC_OLD_KID" ] || return 1
  oc_check "the old kid gone from the JWKS" \
    bash -c "! curl -sS '$API/.well-known/jwks.json' | grep -qF -e '$OLD_KID'" || return 1
  oc_check "the new kid still in the JWKS" \
    bash -c "curl -sS '$API/.well-known/jwks.json' | grep -qF -e '$OC_NEW_KID'" || return 1
  oc_check "a token signed with the old key refused (401)" \
    [ "$(oc_status GET /v1/orgs/acme/members "$old_token")" = 401 ] || return 1
  oc_recover ada && oc_recover sue || { OC_WHY="could not sign in again with recovery codes"; return 1; }
  oc_check "a token signed after the withdrawal accepted" \
    [ "$(oc_status GET /v1/orgs/acme/members "${OC_MFA[ada]}")" = 200 ] || return 1
  OC_CHECKED="OLD_KID found as the key retired last; after the edit the JWKS lists only the new kid and tokens of the old key are refused (401), new sign-ins work (local API stopped for the edit in place of the 5-minute wait)"
}

oc_step_mass_reset() {
  local user quiet jo_in_globex
  for user in mo jo kai; do  # back with their phones since the wave
    oc_enroll "$user" || { OC_WHY="$user could not enroll again"; return 1; }
  done
  # jo now works for globex too, so acme's admin may no longer reset him (OTHER_ORGS).
  jo_in_globex=$(oc_token jo globex member) \
    && [ "$(oc_status GET /v1/me/two-factor "$jo_in_globex")" = 200 ] \
    || { OC_WHY="jo could not sign in to globex"; return 1; }
  # Pages and batches of two, so that four members take two of each.
  export PAGE=2 BATCH=2
  oc_do mass-reset || return 1
  oc_check "4 enrolled: jo OTHER_ORGS, 2 RESET, ada SELF, not: $(tr '\n\t' '; ' <"$OC_OUT")" \
    oc_lines "$OC_OUT" '4 enrolled members\n      1 OTHER_ORGS\n      2 RESET\n      1 SELF' \
    || return 1
  oc_check "results.tsv of the first run" oc_sorted_lines results.tsv \
    'ada\tSELF\njo\tOTHER_ORGS\nkai\tRESET\nmo\tRESET' || return 1
  oc_do mass-reset || return 1
  oc_check "the second run to report only itself (2 enrolled: jo OTHER_ORGS, ada SELF), not: $(tr '\n\t' '; ' <"$OC_OUT")" \
    oc_lines "$OC_OUT" '2 enrolled members\n      1 OTHER_ORGS\n      1 SELF' || return 1
  oc_check "results.tsv of the second run alone" \
    oc_sorted_lines results.tsv 'ada\tSELF\njo\tOTHER_ORGS' || return 1
  quiet=$(API=$API ORG=quiet TOKEN=${OC_ID[eve]} REASON="Suspected secret leak, INC-42" \
    ./mass-reset.sh 2>&1) || { OC_WHY="the script failed for an org with no enrolled member: $quiet"; return 1; }
  oc_check "the clear message for an org with no enrolled member, not: $quiet" \
    [ "$quiet" = "no enrolled members in quiet: nothing to reset" ] || return 1
  unset PAGE BATCH
  OC_CHECKED="first run: 4 enrolled, 2 RESET, 1 OTHER_ORGS (jo, also in globex), 1 SELF (2 pages, 2 batches); second run: 2 enrolled, 1 OTHER_ORGS, 1 SELF, results.tsv of that run alone; org quiet without an enrolled member: exit 0, \"$quiet\""
}

oc_step_support_reset_all() {
  local left
  oc_do support-reset-all || return 1
  oc_check "ada, gil and jo RESET, the operator (sue) left out, not: $(tr '\n\t' '; ' <"$OC_OUT")" \
    oc_sorted_lines "$OC_OUT" 'ada\tRESET\ngil\tRESET\njo\tRESET' || return 1
  left=$(aws dynamodb scan --table-name "$TABLE" \
    --filter-expression "sk = :state AND attribute_exists(#secret)" \
    --expression-attribute-names '{"#secret":"secret"}' \
    --expression-attribute-values '{":state":{"S":"STATE"}}' \
    --query 'Items[].pk.S' --output text) || return 1
  oc_check "only the operator still enrolled, not: $left" [ "$left" = "USER#sue" ] || return 1
  OC_CHECKED="every enrolled user of every org but the operator reset (ada, gil, and jo whom acme's admin could not: RESET); sue, the operator, left for a colleague"
}

oc_step_audit_review() {
  # Step 4: everyone enrolls again; ada, the admin, reviews with her new MFA token.
  oc_enroll ada || { OC_WHY="ada could not enroll again"; return 1; }
  export TOKEN=${OC_MFA[ada]}
  oc_do audit-review || return 1
  oc_check "SUPPORT_RESET of ada and of jo by sue with INC-42 in the review" \
    [ "$(grep -cP '^\S+\tSUPPORT_RESET\tsue\t(ada|jo)\t.*INC-42' "$OC_OUT")" = 2 ] || return 1
  oc_check "ADMIN_RESET of mo and kai by ada with INC-42 in the review" \
    [ "$(grep -cP '^\S+\tADMIN_RESET\tada\t(mo|kai)\t.*INC-42' "$OC_OUT")" = 2 ] || return 1
  oc_check "no token in the review" bash -c "! grep -q 'eyJ' '$OC_OUT'" || return 1
  OC_CHECKED="$(wc -l <"$OC_OUT") events, newest first, as TSV: the leak's ADMIN_RESETs (mo, kai) and SUPPORT_RESETs (ada, jo; ticket INC-42) among them, no token"
}

oc_step_pitr_restore() {
  local source_count restored
  oc_do pitr-restore || return 1
  source_count=$(aws dynamodb describe-table --table-name "$TABLE" --query Table.ItemCount) \
    || return 1
  restored=$(aws dynamodb describe-table --table-name "$RESTORED" --output text \
    --query 'Table.[TableStatus, GlobalSecondaryIndexes[0].IndexName, ItemCount]') || return 1
  oc_check "$RESTORED ACTIVE with the index gsi1 and $source_count items, not: $restored" \
    [ "$restored" = "$(printf 'ACTIVE\tgsi1\t%s' "$source_count")" ] || return 1
  OC_CHECKED="$RESTORED is ACTIVE with gsi1 and the $source_count items (moto copies the table as it is now, whatever the restore time)"
}

oc_step_pitr_settings() {
  oc_do pitr-settings || return 1
  oc_check "TTL on attribute ttl" [ "$(aws dynamodb describe-time-to-live --table-name "$RESTORED" \
    --query 'TimeToLiveDescription.[TimeToLiveStatus, AttributeName]' --output text)" \
    = "$(printf 'ENABLED\tttl')" ] || return 1
  oc_check "point-in-time recovery on" [ "$(aws dynamodb describe-continuous-backups \
    --table-name "$RESTORED" --output text --query \
    ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus)" \
    = ENABLED ] || return 1
  OC_CHECKED="TTL on attribute ttl and point-in-time recovery on for $RESTORED"
}

oc_step_pitr_deletion_protection() {
  if ! oc_do pitr-deletion-protection; then
    oc_unsupported_by_cli "dynamodb update-table --deletion-protection-enabled" && return 3
    return 1
  fi
  oc_check "deletion protection on" [ "$(aws dynamodb describe-table --table-name "$RESTORED" \
    --query Table.DeletionProtectionEnabled --output text)" = True ] || return 1
  OC_CHECKED="deletion protection on for $RESTORED"
}

oc_step_pitr_template() {
  oc_do pitr-template || return 1
  oc_check "no policy or setting left on KeyfobTable" \
    bash -c "! grep -qE 'KEYFOB_TABLE_NAME: !Ref KeyfobTable|KeyfobTable.Arn' template.yaml" \
    || return 1
  oc_check "KEYFOB_TABLE_NAME set to $RESTORED" \
    grep -qF "KEYFOB_TABLE_NAME: $RESTORED" template.yaml || return 1
  oc_check "the gsi1 policies on the restored index" \
    [ "$(grep -cF "table/$RESTORED/index/gsi1\"" template.yaml)" = \
      "$(grep -cF 'KeyfobTable.Arn}/index/gsi1' "$OC_ROOT/template.yaml")" ] || return 1
  OC_CHECKED="a copy of template.yaml now names $RESTORED in KEYFOB_TABLE_NAME and in all $(grep -c "table/$RESTORED" template.yaml) policy resources (none left on KeyfobTable), and cfn-lint passes"
}

oc_step_kms_key_state() {
  oc_do kms-key-state || return 1
  oc_check "Enabled, not $(cat "$OC_OUT")" oc_lines "$OC_OUT" Enabled || return 1
  OC_CHECKED="prints Enabled"
}

oc_step_idp_jwks() {
  oc_do idp-jwks || return 1
  oc_check "200, not $(cat "$OC_OUT")" oc_lines "$OC_OUT" 200 || return 1
  OC_CHECKED="the development identity provider's JWKS answers 200"
}
