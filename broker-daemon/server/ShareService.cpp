#include "ShareService.h"

#include "domain/AccessPolicyEvaluator.h"
#include "logging/LogCategories.h"
#include "storage/ShareStore.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QUrl>

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

ShareService::ShareService(ShareStore &store, const PresenceRegistry &presence,
                           const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_presence(presence), m_clock(clock)
{
}

QString ShareService::logName(const QString &token)
{
    return u"share-"_s + QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(),
                                                                       QCryptographicHash::Sha256)
                                                  .toHex()
                                                  .left(12));
}

void ShareService::publish(const QString &senderId, const PublishShare &message, QObject *context,
                           ReplySink reply)
{
    ShareRecord share{message.token, message.metadata, std::nullopt};
    const QString owner = senderId;
    m_store.publish(share, context, [self = QPointer(this), reply, owner, share,
                                     name = logName(message.token)](const PublishResult &result) {
        switch (result.status) {
        case PublishResult::Status::Created:
        case PublishResult::Status::Updated:
            qCInfo(lcShares).noquote()
                << (result.status == PublishResult::Status::Created ? "published" : "updated")
                << name << "by" << owner;
            reply(Ack{});
            if (self && result.status == PublishResult::Status::Created)
                emit self->sharePublished(share);
            else if (self)
                emit self->shareUpdated(share);
            return;
        case PublishResult::Status::TokenTaken:
            reply(Error{ErrorCode::TokenTaken, u"share token belongs to another user"_s});
            return;
        case PublishResult::Status::TokenRevoked:
            reply(Error{ErrorCode::TokenTaken,
                        u"share token was revoked; publish under a new token"_s});
            return;
        case PublishResult::Status::Failed:
            reply(Error{ErrorCode::PublishError, u"the share could not be stored"_s});
            return;
        }
    });
}

void ShareService::revoke(const QString &senderId, const RevokeShare &message, QObject *context,
                          ReplySink reply)
{
    const QDateTime revokedAt = m_clock.now();
    m_store.revoke(message.token, senderId, revokedAt, context,
                   [self = QPointer(this), reply, senderId, token = message.token, revokedAt,
                    name = logName(message.token)](const RevokeResult &result) {
                       switch (result.status) {
                       case RevokeResult::Status::Revoked:
                           qCInfo(lcShares).noquote() << "revoked" << name << "by" << senderId;
                           reply(Ack{});
                           if (self)
                               emit self->shareRevoked(token, revokedAt, false);
                           return;
                       case RevokeResult::Status::NotFound:
                           reply(Error{ErrorCode::ShareNotFound, u"share not found"_s});
                           return;
                       case RevokeResult::Status::NotOwner:
                           reply(Error{ErrorCode::Forbidden,
                                       u"only the owner may revoke a share"_s});
                           return;
                       case RevokeResult::Status::Failed:
                           reply(Error{ErrorCode::RevokeError,
                                       u"the revocation could not be stored"_s});
                           return;
                       }
                   });
}

void ShareService::revokeAsAdmin(const QString &admin, const QString &token, QObject *context,
                                 ReplySink reply)
{
    const QDateTime revokedAt = m_clock.now();
    m_store.revokeAsAdmin(
        token, revokedAt, context,
        [self = QPointer(this), reply, admin, token, revokedAt,
         name = logName(token)](const RevokeResult &result) {
            switch (result.status) {
            case RevokeResult::Status::Revoked:
                qCInfo(lcShares).noquote() << "revoked" << name << "as administrator:" << admin;
                reply(Ack{});
                if (self)
                    emit self->shareRevoked(token, revokedAt, true);
                return;
            case RevokeResult::Status::NotFound:
            case RevokeResult::Status::NotOwner: // not reported for administrators
                reply(Error{ErrorCode::ShareNotFound, u"share not found or already revoked"_s});
                return;
            case RevokeResult::Status::Failed:
                reply(Error{ErrorCode::RevokeError, u"the revocation could not be stored"_s});
                return;
            }
        });
}

void ShareService::request(const QString &requesterId, const RequestShare &message,
                           QObject *context, ReplySink reply)
{
    lookup(message.token, requesterId, context, [reply](const ShareLookup &lookup) {
        switch (lookup.status) {
        case ShareLookup::Status::Found:
            reply(lookup.info);
            return;
        case ShareLookup::Status::NotFound:
            reply(Error{ErrorCode::ShareNotFound, u"share not found"_s});
            return;
        case ShareLookup::Status::Denied:
            reply(Error{ErrorCode::AccessDenied, u"the share's access policy does not admit you"_s});
            return;
        case ShareLookup::Status::Failed:
            reply(Error{ErrorCode::StorageError, u"the share could not be read"_s});
            return;
        }
    });
}

void ShareService::listOwned(const QString &ownerUserId, QObject *context, ReplySink reply)
{
    // One more than listed tells whether the list is complete.
    m_store.listOwnedShares(
        ownerUserId, kMaxListedShares + 1, context, [reply](const ShareListResult &result) {
            if (result.status == ShareListResult::Status::Failed) {
                reply(Error{ErrorCode::StorageError, u"the shares could not be read"_s});
                return;
            }
            ShareList list{result.shares, false};
            if (list.shares.size() > kMaxListedShares) {
                list.shares.resize(kMaxListedShares);
                list.truncated = true;
            }
            reply(list);
        });
}

void ShareService::lookup(const QString &token, const QString &requesterId, QObject *context,
                          std::function<void(const ShareLookup &)> done)
{
    m_store.findShare(token, requesterId, context, [=, this](const LookupResult &result) {
        ShareLookup lookup;
        if (result.status == LookupResult::Status::Failed) {
            lookup.status = ShareLookup::Status::Failed;
        } else if (result.status == LookupResult::Status::NotFound || result.share.isRevoked()) {
            lookup.status = ShareLookup::Status::NotFound;
        } else if (!AccessPolicyEvaluator::admits(result.share.metadata.accessPolicy,
                                                  result.share.metadata.ownerUserId,
                                                  requesterId, result.requesterInTeam)) {
            lookup.status = ShareLookup::Status::Denied;
        } else {
            lookup.status = ShareLookup::Status::Found;
            lookup.info = shareInfo(result.share);
        }
        done(lookup);
    });
}

ShareInfo ShareService::shareInfo(const ShareRecord &share) const
{
    ShareInfo info;
    info.token = share.token;
    info.metadata = share.metadata;
    const auto owner = m_presence.liveConnectionOf(share.metadata.ownerUserId);
    info.ownerOnline = owner.has_value();
    if (owner) {
        QString base = owner->endpoint;
        while (base.endsWith(u'/'))
            base.chop(1);
        info.downloadUrl = base + u"/api/results/"_s +
                           QString::fromLatin1(QUrl::toPercentEncoding(share.metadata.resultId));
    }
    return info;
}

} // namespace ddalab
