#pragma once

#include "domain/AuditEntry.h"
#include "domain/Clock.h"
#include "domain/PresenceRegistry.h"
#include "domain/ShareExpiryRules.h"
#include "services/ShareAccessCounter.h"
#include "services/ShareCache.h"
#include "storage/Announcement.h"
#include "storage/StorageResults.h"

#include <QObject>

#include <functional>

namespace ddalab {

class DownloadGrants;
class AuditTrail;
class ShareStore;
class TeamMemberCheck;

// A share as a requester may see it, for request_share and GET /api/shares/TOKEN alike. To
// those a share does not admit, NotFound and Denied are told apart only by the WebSocket reply.
struct ShareAccess
{
    // NotFound: unknown, revoked or expired. LimitReached: admitted, but max_downloads granted
    // requests were made already.
    enum class Status { Granted, NotFound, Denied, LimitReached, Failed };
    Status status = Status::Failed;
    ShareRecord share; // Granted
    bool ownerOnline = false;
    QString downloadUrl; // Granted while the owner is online: where its desktop serves the result
    QString grant;       // Granted while download grants are on: the signed grant
};

// An owner's shares that are not revoked (expired ones included, so that the owner can see and
// extend them), newest first, at most ShareService::kMaxListedShares.
struct OwnedShares
{
    bool ok = false; // false: the database failed
    QList<ShareRecord> shares;
    bool truncated = false; // more shares exist than listed
};

// The shares: publishing, revoking and looking them up, and deciding (in lookup, and only
// there) who may see one. Answers are domain results; the WebSocket handler and the HTTP
// controller turn them into replies. Signals say what changed once it is committed, for the
// monitor feed. Keeps a cache of share metadata in front of the store, and counts granted
// lookups (download_count, last_accessed_at) without a database round trip of their own.
class ShareService : public QObject
{
    Q_OBJECT
public:
    ShareService(ShareStore &store, TeamMemberCheck &membership, const PresenceRegistry &presence,
                 const Clock &clock, const ShareExpiryRules &expiryRules, AuditTrail &audit,
                 int cacheEntries, QObject *parent = nullptr);

    // Creates the share, or updates it when its owner publishes the token again (which also
    // sets a new expiry: an owner extends an expired share so). share.metadata.expiresAt is what
    // the desktop asked for, nullopt for the institution's default; the rules decide the rest.
    // A time that is not in the future is refused (ExpiryInPast) before the store is asked, and
    // in HIPAA mode so is a phi share with a public policy (PhiNotPublic). expiryRules are the
    // institution's live rules: a change applies to the next publish. Each change commits with
    // its audit row (share.published, share.updated, share.revoked, admin.share_revoked) by
    // `by`; lookups note share.granted and share.denied.
    void publish(const AuditActor &by, const ShareRecord &share, QObject *context,
                 std::function<void(const PublishResult &)> done);
    // By the owner only (NotOwner otherwise).
    void revoke(const AuditActor &by, const QString &token, QObject *context,
                std::function<void(const RevokeResult &)> done);
    // Whoever owns the share; `admin` names who decided.
    void revokeAsAdmin(const AuditActor &admin, const QString &token, QObject *context,
                       std::function<void(const RevokeResult &)> done);

    // Granted lookups carry a download grant from then on; nullptr: none.
    void setDownloadGrants(DownloadGrants *grants) { m_grants = grants; }

    // requester.id is empty for anonymous requests, which only public shares admit.
    void lookup(const QString &token, const AuditActor &requester, QObject *context,
                std::function<void(const ShareAccess &)> done);

    void listOwned(const QString &ownerUserId, QObject *context,
                   std::function<void(const OwnedShares &)> done);
    // Up to limit shares newest first, revoked ones included; after `after` when given.
    void listPage(const std::optional<ShareCursor> &after, int limit, QObject *context,
                  std::function<void(const SharePageResult &)> done);

    // Another replica changed the share (announced in the outbox): the cached copy goes, and the
    // signals tell of the change as of the database.
    void changedElsewhere(const QString &token, announcement::ShareChange change);
    // Changes of other replicas may have been missed: the cache is emptied.
    void forgetCached() { m_cache.clear(); }

    // The most shares one list carries; it says when there are more.
    static constexpr int kMaxListedShares = 1000;

    // Shares are named in logs by a digest, never by their token (the token grants access).
    static QString logName(const QString &token);

signals:
    void sharePublished(const ddalab::ShareRecord &share);
    // The owner published its token again: title, description and policy are the new ones.
    void shareUpdated(const ddalab::ShareRecord &share);
    void shareRevoked(const QString &token, const QDateTime &revokedAt, bool byAdmin);

private:
    // Decides what the requester gets of a share that was found (revoked or not).
    void decide(const ShareRecord &share, const AuditActor &requester, QObject *context,
                const std::function<void(const ShareAccess &)> &done);
    // A granted lookup: counted, where the owner's desktop serves the content, and the
    // download grant for the requester.
    ShareAccess grant(const ShareRecord &share, const AuditActor &requester);
    // Notes a refused request of an existing share (the owner's access list shows it).
    void noteDenied(const QString &token, const AuditActor &requester, const QString &reason);
    // Lists read from the database lack the accesses counted since the last write: add them,
    // so that lists say what lookups say.
    void addWaitingAccesses(QList<ShareRecord> &shares) const;
    void revoked(const QString &token, const QDateTime &revokedAt, bool byAdmin,
                 const RevokeResult &result);

    ShareStore &m_store;
    TeamMemberCheck &m_membership;
    const PresenceRegistry &m_presence;
    const Clock &m_clock;
    const ShareExpiryRules &m_expiryRules;
    AuditTrail &m_audit;
    ShareCache m_cache;
    ShareAccessCounter m_accesses;
    DownloadGrants *m_grants = nullptr;
};

} // namespace ddalab
