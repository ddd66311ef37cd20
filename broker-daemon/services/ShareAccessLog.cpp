#include "services/ShareAccessLog.h"

#include "domain/AuditAction.h"
#include "services/AuditTrail.h"
#include "storage/ShareStore.h"

#include <QPointer>

namespace ddalab {

ShareAccessLog::ShareAccessLog(ShareStore &store, AuditTrail &audit, QObject *parent)
    : QObject(parent), m_store(store), m_audit(audit)
{
}

void ShareAccessLog::list(const QString &token, const QString &callerUserId, bool admin,
                          AuditQuery query, QObject *context,
                          std::function<void(const ShareAccessPage &)> done)
{
    m_store.findShare(
        token, context,
        [this, token, callerUserId, admin, query, context,
         done = std::move(done)](const LookupResult &found) mutable {
            if (found.status != LookupResult::Status::Found) {
                done(ShareAccessPage{found.status == LookupResult::Status::NotFound
                                         ? ShareAccessPage::Status::NotFound
                                         : ShareAccessPage::Status::Failed,
                                     {},
                                     std::nullopt});
                return;
            }
            if (!admin &&
                (callerUserId.isEmpty() || found.share.metadata.ownerUserId != callerUserId)) {
                done(ShareAccessPage{ShareAccessPage::Status::Forbidden, {}, std::nullopt});
                return;
            }
            query.actor.clear();
            query.action.clear();
            query.since.reset();
            query.until.reset();
            query.target = token;
            query.actions = {QString(AuditAction::ShareGranted), QString(AuditAction::ShareDenied)};
            m_audit.queryWithWaiting(query, context, [this, done](const AuditPageResult &result) {
                if (result.status != AuditPageResult::Status::Found) {
                    done(ShareAccessPage{ShareAccessPage::Status::Failed, {}, std::nullopt});
                    return;
                }
                ShareAccessPage page{ShareAccessPage::Status::Found, {}, result.page.nextAfterId};
                const bool withAddress = m_audit.recordsAddresses();
                for (const AuditEntry &entry : result.page.entries)
                    page.entries.append(ShareAccessEntry::fromAudit(entry, withAddress));
                done(page);
            });
        });
}

} // namespace ddalab
