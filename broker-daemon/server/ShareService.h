#pragma once

#include "Session.h"
#include "domain/Clock.h"
#include "domain/PresenceRegistry.h"
#include "protocol/Messages.h"

#include <QObject>

namespace ddalab {

class ShareStore;

// A share as a requester may see it, for request_share and GET /api/shares/TOKEN alike.
struct ShareLookup
{
    enum class Status { Found, NotFound, Denied, Failed };
    Status status = Status::Failed;
    protocol::ShareInfo info;
};

// publish_share, request_share and revoke_share on behalf of a connection's bound user, an
// administrator's revocation, and share lookups for the HTTP API. Signals say what changed once
// it is committed, for the monitor feed.
class ShareService : public QObject
{
    Q_OBJECT
public:
    ShareService(ShareStore &store, const PresenceRegistry &presence, const Clock &clock,
                 QObject *parent = nullptr);

    void publish(const QString &senderId, const protocol::PublishShare &message, QObject *context,
                 ReplySink reply);
    void revoke(const QString &senderId, const protocol::RevokeShare &message, QObject *context,
                ReplySink reply);
    void request(const QString &requesterId, const protocol::RequestShare &message,
                 QObject *context, ReplySink reply);
    // Revokes whoever owns the share; `admin` says who decided, for the log.
    void revokeAsAdmin(const QString &admin, const QString &token, QObject *context,
                       ReplySink reply);

    // list_shares: the sender's own shares that are not revoked, newest first.
    void listOwned(const QString &ownerUserId, QObject *context, ReplySink reply);

    // requesterId is empty for anonymous requests, which only public shares admit.
    void lookup(const QString &token, const QString &requesterId, QObject *context,
                std::function<void(const ShareLookup &)> done);

    // The most shares a share_list carries; it says when there are more.
    static constexpr int kMaxListedShares = 1000;

    // Shares are named in logs by a digest, never by their token (the token grants access).
    static QString logName(const QString &token);

signals:
    void sharePublished(const ddalab::ShareRecord &share);
    // The owner published its token again: title, description and policy are the new ones.
    void shareUpdated(const ddalab::ShareRecord &share);
    void shareRevoked(const QString &token, const QDateTime &revokedAt, bool byAdmin);

private:
    protocol::ShareInfo shareInfo(const ShareRecord &share) const;

    ShareStore &m_store;
    const PresenceRegistry &m_presence;
    const Clock &m_clock;
};

} // namespace ddalab
