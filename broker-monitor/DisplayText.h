#pragma once

#include "domain/AccessPolicy.h"
#include "domain/OfflineReason.h"

#include <QDateTime>
#include <QString>

#include <optional>

// How the monitor writes values for people.
namespace ddalab::monitor::display_text {

// Local time: "14:03:27" today, "2025-10-03 14:03" on other days; "" for no time.
QString time(const QDateTime &utc, const QDateTime &now = QDateTime::currentDateTime());
// "public", "team neuro-lab", "users: bob, carol".
QString policy(const AccessPolicy &policy);
// "disconnect", "socket closed", "heartbeat timeout", "disconnected by an admin", "its replica
// was lost".
QString offlineReason(OfflineReason reason);
// The share link the desktop opens: ddalab://share/TOKEN.
QString shareLink(const QString &token);
// "never" for a share without expiry, "expired 14:03:27" for one in the past, else its time.
QString expiry(const std::optional<QDateTime> &expiresAt,
               const QDateTime &now = QDateTime::currentDateTime());
// "3", or "3 of 10" for a share limited to 10 granted requests.
QString accesses(quint64 count, const std::optional<quint64> &maxDownloads);
// "3 h 12 min", "45 s".
QString duration(qint64 seconds);
// How long before now: "3 s ago", "4 min ago", "2 h ago", "3 d ago"; "just now" under a second
// (and for a time ahead of now: clocks differ); "" for no time.
QString ago(const QDateTime &then, const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace ddalab::monitor::display_text
