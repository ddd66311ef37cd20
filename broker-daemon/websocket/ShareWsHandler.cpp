#include "websocket/ShareWsHandler.h"

#include "protocol/AuditJson.h"
#include "services/ShareAccessLog.h"
#include "services/ShareService.h"
#include "websocket/Session.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

void ShareWsHandler::handle(Session &session, const PublishShare &message, const ReplySink &reply)
{
    m_shares.publish(
        session.auditActor(), ShareRecord{message.token, message.metadata, std::nullopt, {}},
        &session, [reply](const PublishResult &result) {
            switch (result.status) {
            case PublishResult::Status::Created:
            case PublishResult::Status::Updated:
                reply(Ack{});
                return;
            case PublishResult::Status::TokenTaken:
                reply(Error{ErrorCode::TokenTaken, u"share token belongs to another user"_s});
                return;
            case PublishResult::Status::TokenRevoked:
                reply(Error{ErrorCode::TokenTaken,
                            u"share token was revoked; publish under a new token"_s});
                return;
            case PublishResult::Status::ExpiryInPast:
                reply(Error{ErrorCode::ParseError,
                            u"field 'metadata.expires_at' must be in the future"_s});
                return;
            case PublishResult::Status::PhiNotPublic:
                reply(Error{ErrorCode::PhiNotPublic,
                            u"HIPAA mode: a phi share may not be public; share it with a team "
                            "or users"_s});
                return;
            case PublishResult::Status::Failed:
                reply(Error{ErrorCode::PublishError, u"the share could not be stored"_s});
                return;
            }
        });
}

void ShareWsHandler::handle(Session &session, const RequestShare &message, const ReplySink &reply)
{
    m_shares.lookup(message.token, session.auditActor(), &session,
                    [reply](const ShareAccess &access) {
                        switch (access.status) {
                        case ShareAccess::Status::Granted:
                            reply(ShareInfo::of(access.share, access.downloadUrl,
                                                access.ownerOnline, access.grant));
                            return;
                        case ShareAccess::Status::NotFound:
                            reply(Error{ErrorCode::ShareNotFound, u"share not found"_s});
                            return;
                        case ShareAccess::Status::Denied:
                            reply(Error{ErrorCode::AccessDenied,
                                        u"the share's access policy does not admit you"_s});
                            return;
                        case ShareAccess::Status::LimitReached:
                            reply(Error{ErrorCode::DownloadLimitReached,
                                        u"the share was opened as often as its owner allowed"_s});
                            return;
                        case ShareAccess::Status::Failed:
                            reply(Error{ErrorCode::StorageError, u"the share could not be read"_s});
                            return;
                        }
                    });
}

void ShareWsHandler::handle(Session &session, const RevokeShare &message, const ReplySink &reply)
{
    m_shares.revoke(
        session.auditActor(), message.token, &session, [reply](const RevokeResult &result) {
            switch (result.status) {
            case RevokeResult::Status::Revoked:
                reply(Ack{});
                return;
            case RevokeResult::Status::NotFound:
                reply(Error{ErrorCode::ShareNotFound, u"share not found"_s});
                return;
            case RevokeResult::Status::NotOwner:
                reply(Error{ErrorCode::Forbidden, u"only the owner may revoke a share"_s});
                return;
            case RevokeResult::Status::Failed:
                reply(Error{ErrorCode::RevokeError, u"the revocation could not be stored"_s});
                return;
            }
        });
}

void ShareWsHandler::handle(Session &session, const ListShares &, const ReplySink &reply)
{
    m_shares.listOwned(*session.boundUserId(), &session, [reply](const OwnedShares &owned) {
        if (owned.ok)
            reply(ShareList{owned.shares, owned.truncated});
        else
            reply(Error{ErrorCode::StorageError, u"the shares could not be read"_s});
    });
}

void ShareWsHandler::handle(Session &session, const ListShareAccess &message,
                            const ReplySink &reply)
{
    AuditQuery query;
    query.limit = message.limit.value_or(AuditQuery::kDefaultLimit);
    if (message.after) {
        query.afterId = audit::readCursor(*message.after);
        if (!query.afterId) {
            reply(
                Error{ErrorCode::ParseError, u"field 'after' must be a next_cursor sent before"_s});
            return;
        }
    }
    m_accessLog.list(
        message.token, *session.boundUserId(), false, query, &session,
        [reply, token = message.token](const ShareAccessPage &page) {
            switch (page.status) {
            case ShareAccessPage::Status::Found:
                reply(ShareAccessList{token, page.entries,
                                      page.nextAfterId
                                          ? std::optional(audit::cursorOf(*page.nextAfterId))
                                          : std::nullopt});
                return;
            case ShareAccessPage::Status::NotFound:
                reply(Error{ErrorCode::ShareNotFound, u"share not found"_s});
                return;
            case ShareAccessPage::Status::Forbidden:
                reply(
                    Error{ErrorCode::Forbidden, u"only the share's owner may see who opened it"_s});
                return;
            case ShareAccessPage::Status::Failed:
                reply(Error{ErrorCode::StorageError, u"the access list could not be read"_s});
                return;
            }
        });
}

} // namespace ddalab
