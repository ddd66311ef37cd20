#pragma once

#include "domain/AuditEntry.h"
#include "domain/ShareAccessEntry.h"

#include <QObject>

#include <functional>

namespace ddalab {

class AuditTrail;
class ShareStore;

// Who asked for a share and when, as its owner sees it: the share.granted and share.denied rows
// of the audit trail, newest first.
struct ShareAccessPage
{
    // NotFound: no such share (purged ones included). Forbidden: the caller is neither the
    // owner nor an administrator.
    enum class Status { Found, NotFound, Forbidden, Failed };
    Status status = Status::Failed;
    QList<ShareAccessEntry> entries;
    std::optional<qint64> nextAfterId;
};

// A share's access list for GET /api/shares/TOKEN/access and list_share_access. The owner is
// read from the store (revoked and expired shares keep their list until purged). The rows of
// the last flush interval, still in the audit trail's memory, are merged into the first page,
// so a grant shows at once. Addresses are shown only while AUDIT_RECORD_ADDRESSES is on: an
// institution that switches recording off for privacy hides the addresses recorded before too.
class ShareAccessLog : public QObject
{
    Q_OBJECT
public:
    ShareAccessLog(ShareStore &store, AuditTrail &audit, QObject *parent = nullptr);

    // callerUserId: the proven user (empty for none); admin: the caller holds the admin
    // credential. query: limit and afterId (its filters are set here).
    void list(const QString &token, const QString &callerUserId, bool admin, AuditQuery query,
              QObject *context, std::function<void(const ShareAccessPage &)> done);

private:
    ShareStore &m_store;
    AuditTrail &m_audit;
};

} // namespace ddalab
