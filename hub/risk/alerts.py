"""Handling risk alerts: acknowledge (签收), close with a note (办结); each audited."""

from __future__ import annotations

from sqlalchemy import select

from hub.auth.policy import readable_risk_alerts, risk_management_refusal
from hub.collection.changes import Change, json_value
from hub.collection.problems import CONFLICT, Invalid
from hub.errors import Forbidden, NotFound
from hub.models import RiskAlert, RiskAlertStatus

TARGET_TYPE = "RiskAlert"
MAX_NOTE_LENGTH = 2000


async def _alert_for_change(change: Change, alert_id: int) -> RiskAlert:
    # An alert the viewer may not even read is "not found", not "forbidden".
    alert = await change.session.scalar(
        select(RiskAlert)
        .where(RiskAlert.id == alert_id, readable_risk_alerts(change.viewer))
        .with_for_update()
    )
    if alert is None:
        raise NotFound("风险预警不存在")
    reason = risk_management_refusal(change.viewer, alert.department_id)
    if reason is not None:
        raise Forbidden(reason)
    return alert


async def acknowledge_alert(change: Change, alert_id: int) -> RiskAlert:
    alert = await _alert_for_change(change, alert_id)
    if alert.status is not RiskAlertStatus.OPEN:
        raise Invalid.on("id", "只有待处理的预警可以签收", code=CONFLICT)
    alert.status = RiskAlertStatus.ACKNOWLEDGED
    alert.acknowledged_at = change.now
    alert.acknowledged_by_account_id = change.viewer.account_id
    await change.session.flush()
    change.audit(
        operation="risk_alert.acknowledge",
        target_type=TARGET_TYPE,
        target_id=alert.id,
        department_id=alert.department_id,
        before={"status": RiskAlertStatus.OPEN.value},
        after={"status": json_value(alert.status)},
    )
    return alert


async def close_alert(change: Change, alert_id: int, note: str) -> RiskAlert:
    note = note.strip()
    if not note:
        raise Invalid.on("note", "请填写办结说明")
    if len(note) > MAX_NOTE_LENGTH:
        raise Invalid.on("note", f"办结说明不能超过{MAX_NOTE_LENGTH}个字")
    alert = await _alert_for_change(change, alert_id)
    if alert.status is RiskAlertStatus.CLOSED:
        raise Invalid.on("id", "该预警已办结", code=CONFLICT)
    before = json_value(alert.status)
    alert.status = RiskAlertStatus.CLOSED
    # Closed alerts are history: the model may raise a new one for the entity.
    alert.open_marker = None
    alert.closed_at = change.now
    alert.closed_by_account_id = change.viewer.account_id
    alert.close_note = note
    await change.session.flush()
    change.audit(
        operation="risk_alert.close",
        target_type=TARGET_TYPE,
        target_id=alert.id,
        department_id=alert.department_id,
        before={"status": before},
        after={"status": json_value(alert.status), "closeNote": note},
    )
    return alert
