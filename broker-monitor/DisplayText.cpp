#include "DisplayText.h"

namespace ddalab::monitor::display_text {

using namespace Qt::StringLiterals;

QString time(const QDateTime &utc, const QDateTime &now)
{
    if (!utc.isValid())
        return {};
    const QDateTime local = utc.toLocalTime();
    if (local.date() == now.toLocalTime().date())
        return local.toString(u"HH:mm:ss"_s);
    return local.toString(u"yyyy-MM-dd HH:mm"_s);
}

QString expiry(const std::optional<QDateTime> &expiresAt, const QDateTime &now)
{
    if (!expiresAt)
        return u"never"_s;
    if (*expiresAt <= now)
        return u"expired "_s + time(*expiresAt, now);
    return time(*expiresAt, now);
}

QString accesses(quint64 count, const std::optional<quint64> &maxDownloads)
{
    if (!maxDownloads)
        return QString::number(count);
    return u"%1 of %2"_s.arg(count).arg(*maxDownloads);
}

QString policy(const AccessPolicy &policy)
{
    switch (policy.kind) {
    case AccessPolicy::Kind::Public:
        return u"public"_s;
    case AccessPolicy::Kind::Team:
        return u"team "_s + policy.teamId;
    case AccessPolicy::Kind::Users:
        return u"users: "_s + policy.userIds.join(u", "_s);
    }
    return {};
}

QString offlineReason(OfflineReason reason)
{
    switch (reason) {
    case OfflineReason::Disconnect:
        return u"disconnect"_s;
    case OfflineReason::SocketClosed:
        return u"socket closed"_s;
    case OfflineReason::HeartbeatTimeout:
        return u"heartbeat timeout"_s;
    case OfflineReason::AdminDisconnect:
        return u"disconnected by an admin"_s;
    case OfflineReason::ReplicaLost:
        return u"its replica was lost"_s;
    }
    return {};
}

QString shareLink(const QString &token)
{
    return u"ddalab://share/"_s + token;
}

QString duration(qint64 seconds)
{
    if (seconds < 60)
        return u"%1 s"_s.arg(seconds);
    if (seconds < 3600)
        return u"%1 min %2 s"_s.arg(seconds / 60).arg(seconds % 60);
    if (seconds < 86400)
        return u"%1 h %2 min"_s.arg(seconds / 3600).arg(seconds % 3600 / 60);
    return u"%1 d %2 h"_s.arg(seconds / 86400).arg(seconds % 86400 / 3600);
}

QString ago(const QDateTime &then, const QDateTime &now)
{
    if (!then.isValid())
        return {};
    const qint64 seconds = then.secsTo(now);
    if (seconds < 1)
        return u"just now"_s;
    if (seconds < 60)
        return u"%1 s ago"_s.arg(seconds);
    if (seconds < 3600)
        return u"%1 min ago"_s.arg(seconds / 60);
    if (seconds < 86400)
        return u"%1 h ago"_s.arg(seconds / 3600);
    return u"%1 d ago"_s.arg(seconds / 86400);
}

} // namespace ddalab::monitor::display_text
