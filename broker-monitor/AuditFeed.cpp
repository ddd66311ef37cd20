#include "AuditFeed.h"

#include "client/BrokerClient.h"

namespace ddalab::monitor {

using namespace Qt::StringLiterals;
using namespace protocol;

AuditFeed::AuditFeed(BrokerClient &client, QObject *parent) : QObject(parent), m_client(client)
{
    connect(&m_client, &BrokerClient::auditPageReceived, this, &AuditFeed::onPage);
    connect(&m_client, &BrokerClient::errorReceived, this, &AuditFeed::onError);
    connect(&m_client, &BrokerClient::auditEventReceived, this, [this](const AuditEvent &event) {
        // Until the first page is here, a pushed row could be listed twice or out of order.
        if (!m_firstPageRequest.isEmpty())
            return;
        if (event.skipped > 0) {
            m_skippedLive += event.skipped;
            emit skippedLiveChanged(m_skippedLive);
        }
        if (m_query.matches(event.entry))
            m_model.prepend(event.entry);
    });
    connect(&m_model, &AuditModel::pageWanted, this, [this](qint64 afterId) { askPage(afterId); });
}

void AuditFeed::run(const AuditQuery &query)
{
    m_query = query;
    m_query.afterId.reset();
    m_skippedLive = 0;
    emit skippedLiveChanged(0);
    m_nextPageRequest.clear();
    m_firstPageRequest = m_client.send(AdminAuditQuery{m_query});
    if (m_firstPageRequest.isEmpty())
        emit queryFinished(false, u"audit query: not connected"_s);
}

void AuditFeed::clear()
{
    m_skippedLive = 0;
    m_firstPageRequest.clear();
    m_nextPageRequest.clear();
    m_model.clear();
}

void AuditFeed::askPage(std::optional<qint64> afterId)
{
    AuditQuery page = m_query;
    page.afterId = afterId;
    m_nextPageRequest = m_client.send(AdminAuditQuery{page});
    if (m_nextPageRequest.isEmpty())
        m_model.pageFailed();
}

void AuditFeed::onPage(const AuditPageReply &reply, const QString &messageId)
{
    if (messageId.isEmpty())
        return;
    if (messageId == m_firstPageRequest) {
        m_firstPageRequest.clear();
        m_model.reset(reply.page);
        emit queryFinished(true, u"%1 audit rows"_s.arg(reply.page.entries.size()));
    } else if (messageId == m_nextPageRequest) {
        m_nextPageRequest.clear();
        m_model.appendPage(reply.page);
    }
}

void AuditFeed::onError(const Error &error, const QString &messageId)
{
    if (messageId.isEmpty())
        return;
    if (messageId == m_firstPageRequest) {
        m_firstPageRequest.clear();
        emit queryFinished(false,
                           u"audit query: %1 (%2)"_s.arg(error.message, errorCodeName(error.code)));
    } else if (messageId == m_nextPageRequest) {
        m_nextPageRequest.clear();
        m_model.pageFailed();
    }
}

} // namespace ddalab::monitor
