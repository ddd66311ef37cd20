#pragma once

#include <QHttpServerRequest>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class AuditTrail;
class JsonApi;

// GET /api/admin/audit: the audit trail, newest first, for the admin credential only. Filters
// actor, action, target, since, until; keyset paging with limit and after (next_cursor);
// ?format=csv exports the filtered rows from the cursor on, up to kMaxCsvRows, as RFC 4180 CSV.
class AuditHttpController : public QObject
{
    Q_OBJECT
public:
    // The most rows one CSV export carries; X-Next-Cursor continues after them.
    static constexpr int kMaxCsvRows = 100000;

    AuditHttpController(const JsonApi &api, AuditTrail &audit, QObject *parent = nullptr);

private:
    void get(const QHttpServerRequest &request, QTcpSocket *socket);

    const JsonApi &m_api;
    AuditTrail &m_audit;
};

} // namespace ddalab
