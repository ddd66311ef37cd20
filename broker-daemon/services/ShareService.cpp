#include "services/ShareService.h"

#include "domain/AccessPolicyEvaluator.h"
#include "domain/AuditAction.h"
#include "logging/LogCategories.h"
#include "services/AuditTrail.h"
#include "services/DownloadGrants.h"
#include "services/TeamMemberCheck.h"
#include "storage/ShareStore.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QUrl>

namespace ddalab {

using namespace Qt::StringLiterals;

ShareService::ShareService(ShareStore &store, TeamMemberCheck &membership,
                           const PresenceRegistry &presence, const Clock &clock,
                           const ShareExpiryRules &expiryRules, AuditTrail &audit, int cacheEntries,
                           QObject *parent)
    : QObject(parent), m_store(store), m_membership(membership), m_presence(presence),
      m_clock(clock), m_expiryRules(expiryRules), m_audit(audit), m_cache(cacheEntries),
      m_accesses(store, std::chrono::seconds(1))
{
}

QString ShareService::logName(const QString &token)
{
    return u"share-"_s +
           QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256)
                                   .toHex()
                                   .left(12));
}

// Writes go to the store with this service as their context, so that the cache learns every
// outcome even when the connection that asked is gone; its answer then reaches nobody.
void ShareService::publish(const AuditActor &by, const ShareRecord &requested, QObject *context,
                           std::function<void(const PublishResult &)> done)
{
    // HIPAA mode is read here, at each publish, from the live rules: switching it on refuses
    // the next public phi share, a republished one included.
    if (m_expiryRules.hipaaMode() && requested.metadata.classification == Classification::Phi &&
        requested.metadata.accessPolicy.kind == AccessPolicy::Kind::Public) {
        done(PublishResult{PublishResult::Status::PhiNotPublic, {}});
        return;
    }
    const ShareExpiryRules::Decision expiry = m_expiryRules.decide(
        requested.metadata.classification, requested.metadata.expiresAt, m_clock.now());
    if (expiry.inThePast) {
        done(PublishResult{PublishResult::Status::ExpiryInPast, {}});
        return;
    }
    ShareRecord share = requested;
    share.metadata.expiresAt = expiry.expiresAt;
    m_cache.writeStarted(share.token);
    const AuditEntry audit =
        m_audit.entry(AuditAction::SharePublished, by, share.token, AuditOutcome::Success,
                      {{"owner"_L1, share.metadata.ownerUserId},
                       {"classification"_L1, classificationName(share.metadata.classification)},
                       {"content_type"_L1, contentTypeName(share.metadata.contentType)},
                       {"access"_L1, share.metadata.accessPolicy.kind == AccessPolicy::Kind::Public
                                         ? u"public"_s
                                         : u"restricted"_s}});
    m_store.publish(share, audit, this,
                    [this, share, audit, context = QPointer<QObject>(context),
                     done = std::move(done)](const PublishResult &result) {
                        m_cache.writeFinished(share.token);
                        const bool created = result.status == PublishResult::Status::Created;
                        if (created || result.status == PublishResult::Status::Updated) {
                            qCInfo(lcShares).noquote()
                                << (created ? "published" : "updated") << logName(share.token)
                                << "by" << share.metadata.ownerUserId;
                            created ? m_cache.published(share) : m_cache.updated(share);
                            AuditEntry row = audit;
                            if (!created)
                                row.action = AuditAction::ShareUpdated;
                            m_audit.committed(row);
                        }
                        if (context)
                            done(result);
                        if (created)
                            emit sharePublished(share);
                        else if (result.status == PublishResult::Status::Updated)
                            emit shareUpdated(share);
                    });
}

void ShareService::revoke(const AuditActor &by, const QString &token, QObject *context,
                          std::function<void(const RevokeResult &)> done)
{
    const QDateTime revokedAt = m_clock.now();
    m_cache.writeStarted(token);
    const AuditEntry audit = m_audit.entry(AuditAction::ShareRevoked, by, token);
    m_store.revoke(token, by.id, revokedAt, audit, this,
                   [this, by, token, revokedAt, audit, context = QPointer<QObject>(context),
                    done = std::move(done)](const RevokeResult &result) {
                       if (result.status == RevokeResult::Status::Revoked) {
                           qCInfo(lcShares).noquote()
                               << "revoked" << logName(token) << "by" << by.id;
                           m_audit.committed(audit);
                       }
                       if (context)
                           done(result);
                       revoked(token, revokedAt, false, result);
                   });
}

void ShareService::revokeAsAdmin(const AuditActor &admin, const QString &token, QObject *context,
                                 std::function<void(const RevokeResult &)> done)
{
    const QDateTime revokedAt = m_clock.now();
    m_cache.writeStarted(token);
    const AuditEntry audit = m_audit.entry(AuditAction::AdminShareRevoked, admin, token);
    m_store.revokeAsAdmin(
        token, revokedAt, audit, this,
        [this, admin, token, revokedAt, audit, context = QPointer<QObject>(context),
         done = std::move(done)](const RevokeResult &result) {
            if (result.status == RevokeResult::Status::Revoked) {
                qCInfo(lcShares).noquote()
                    << "revoked" << logName(token) << "as administrator:" << admin.forLog();
                m_audit.committed(audit);
            }
            if (context)
                done(result);
            revoked(token, revokedAt, true, result);
        });
}

void ShareService::revoked(const QString &token, const QDateTime &revokedAt, bool byAdmin,
                           const RevokeResult &result)
{
    m_cache.writeFinished(token);
    if (result.status != RevokeResult::Status::Revoked)
        return;
    m_cache.revoked(token, revokedAt);
    emit shareRevoked(token, revokedAt, byAdmin);
}

void ShareService::changedElsewhere(const QString &token, announcement::ShareChange change)
{
    using announcement::ShareChange;
    m_cache.forget(token);
    if (change == ShareChange::Expired)
        return; // every replica decides expiry from expires_at itself
    // The monitor feed hears of it with what the database holds now.
    m_store.findShare(token, this, [this, change](const LookupResult &result) {
        if (result.status != LookupResult::Status::Found)
            return;
        const ShareRecord &share = result.share;
        if (share.revokedAt) {
            if (change == ShareChange::Revoked || change == ShareChange::RevokedByAdmin)
                emit shareRevoked(share.token, *share.revokedAt,
                                  change == ShareChange::RevokedByAdmin);
        } else if (change == ShareChange::Published) {
            emit sharePublished(share);
        } else if (change == ShareChange::Updated) {
            emit shareUpdated(share);
        }
    });
}

void ShareService::lookup(const QString &token, const AuditActor &requester, QObject *context,
                          std::function<void(const ShareAccess &)> done)
{
    if (const ShareRecord *cached = m_cache.find(token)) {
        decide(*cached, requester, context, done);
        return;
    }
    m_store.findShare(
        token, context,
        [this, requester, context, done, epoch = m_cache.epoch()](const LookupResult &result) {
            switch (result.status) {
            case LookupResult::Status::Found: {
                // The database has the counts written so far; add those still
                // waiting here.
                ShareRecord share = result.share;
                share.usage = m_accesses.withWaiting(share.token, share.usage);
                m_cache.remember(share, epoch);
                decide(share, requester, context, done);
                return;
            }
            case LookupResult::Status::NotFound:
                done(ShareAccess{ShareAccess::Status::NotFound, {}, false, {}});
                return;
            case LookupResult::Status::Failed:
                done(ShareAccess{ShareAccess::Status::Failed, {}, false, {}});
                return;
            }
        });
}

void ShareService::decide(const ShareRecord &share, const AuditActor &requester, QObject *context,
                          const std::function<void(const ShareAccess &)> &done)
{
    const QString &requesterId = requester.id;
    // Expiry is decided here, at each request, from the share's own expires_at: an expired
    // share answers as a revoked one from the cache too, before any sweep noticed it.
    if (share.isRevoked() || share.isExpiredAt(m_clock.now())) {
        done(ShareAccess{ShareAccess::Status::NotFound, {}, false, {}});
        return;
    }
    const AccessPolicy &policy = share.metadata.accessPolicy;
    const QString &owner = share.metadata.ownerUserId;
    const ShareAccess denied{ShareAccess::Status::Denied, {}, false, {}};
    // Team membership is asked at each request, never cached: removing a member counts at once.
    if (policy.kind != AccessPolicy::Kind::Team || requesterId.isEmpty() || requesterId == owner) {
        if (AccessPolicyEvaluator::admits(policy, owner, requesterId)) {
            done(grant(share, requester));
            return;
        }
        noteDenied(share.token, requester, u"policy"_s);
        done(denied);
        return;
    }
    m_membership.isMember(
        policy.teamId, requesterId, context,
        [this, share, requester, requesterId, denied, done](TeamMemberCheck::Answer member) {
            if (member == TeamMemberCheck::Answer::Failed) {
                done(ShareAccess{ShareAccess::Status::Failed, {}, false, {}});
                return;
            }
            const bool admitted = AccessPolicyEvaluator::admits(
                share.metadata.accessPolicy, share.metadata.ownerUserId, requesterId,
                member == TeamMemberCheck::Answer::Member);
            if (admitted) {
                done(grant(share, requester));
                return;
            }
            noteDenied(share.token, requester, u"policy"_s);
            done(denied);
        });
}

void ShareService::noteDenied(const QString &token, const AuditActor &requester,
                              const QString &reason)
{
    m_audit.note(m_audit.entry(AuditAction::ShareDenied, requester, token, AuditOutcome::Denied,
                               {{"reason"_L1, reason}}));
}

ShareAccess ShareService::grant(const ShareRecord &share, const AuditActor &requester)
{
    if (share.reachedDownloadLimit()) {
        noteDenied(share.token, requester, u"download_limit"_s);
        return ShareAccess{ShareAccess::Status::LimitReached, {}, false, {}};
    }
    m_audit.note(m_audit.entry(AuditAction::ShareGranted, requester, share.token));
    ShareAccess access{ShareAccess::Status::Granted, share, false, {}};
    const QDateTime now = m_clock.now();
    m_accesses.count(share.token, now);
    if (const ShareUsage *cached = m_cache.countAccess(share.token, now)) {
        access.share.usage = *cached;
    } else {
        ++access.share.usage.downloadCount;
        access.share.usage.lastAccessedAt = now;
    }
    if (m_grants)
        access.grant = m_grants->issue(share, requester.id);
    const auto owner = m_presence.liveConnectionOf(share.metadata.ownerUserId);
    access.ownerOnline = owner.has_value();
    if (owner) {
        QString base = owner->endpoint;
        while (base.endsWith(u'/'))
            base.chop(1);
        // The request goes to ENDPOINT/api/results/ID (an HTTP client does not send the
        // fragment); the last '/' segment is the token, by which the third generation of
        // desktops pairs the reply with its request.
        access.downloadUrl = base + u"/api/results/"_s +
                             QString::fromLatin1(QUrl::toPercentEncoding(share.metadata.resultId)) +
                             u"#/"_s + share.token;
    }
    return access;
}

void ShareService::listOwned(const QString &ownerUserId, QObject *context,
                             std::function<void(const OwnedShares &)> done)
{
    // One more than listed tells whether the list is complete.
    m_store.listOwnedShares(ownerUserId, kMaxListedShares + 1, context,
                            [this, done](const ShareListResult &result) {
                                OwnedShares owned{result.status == ShareListResult::Status::Found,
                                                  result.shares, false};
                                if (owned.shares.size() > kMaxListedShares) {
                                    owned.shares.resize(kMaxListedShares);
                                    owned.truncated = true;
                                }
                                addWaitingAccesses(owned.shares);
                                done(owned);
                            });
}

void ShareService::listPage(const std::optional<ShareCursor> &after, int limit, QObject *context,
                            std::function<void(const SharePageResult &)> done)
{
    m_store.listShares(after, limit, context, [this, done](const SharePageResult &result) {
        SharePageResult page = result;
        addWaitingAccesses(page.shares);
        done(page);
    });
}

void ShareService::addWaitingAccesses(QList<ShareRecord> &shares) const
{
    for (ShareRecord &share : shares)
        share.usage = m_accesses.withWaiting(share.token, share.usage);
}

} // namespace ddalab
