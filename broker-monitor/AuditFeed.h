#pragma once

#include "AuditModel.h"
#include "domain/AuditEntry.h"
#include "protocol/Messages.h"

#include <QObject>

namespace ddalab {
class BrokerClient;
}

namespace ddalab::monitor {

// The audit tab's data: runs the admin's query on the broker (filters by actor, action, target
// and time), keeps AuditModel filled with its pages as the view scrolls, and adds the rows the
// broker pushes as they commit when they match the query (the live tail).
class AuditFeed : public QObject
{
    Q_OBJECT
public:
    explicit AuditFeed(BrokerClient &client, QObject *parent = nullptr);

    AuditModel &model() { return m_model; }
    const AuditQuery &query() const { return m_query; }

    // Replaces the rows with the first page of query (its afterId and limit are the feed's).
    void run(const AuditQuery &query);
    // Runs the current query again (after reconnecting).
    void refresh() { run(m_query); }
    // Forgets everything (another broker).
    void clear();

    // Rows the broker committed but did not push live (over its rate of audit events) since
    // the last query: a new query lists them.
    quint64 skippedLive() const { return m_skippedLive; }

signals:
    // A query or a page finished; message says why it failed.
    void queryFinished(bool succeeded, const QString &message);
    void skippedLiveChanged(quint64 skipped);

private:
    void askPage(std::optional<qint64> afterId);
    void onPage(const protocol::AuditPageReply &reply, const QString &messageId);
    void onError(const protocol::Error &error, const QString &messageId);

    BrokerClient &m_client;
    AuditModel m_model;
    AuditQuery m_query;
    QString m_firstPageRequest;
    QString m_nextPageRequest;
    quint64 m_skippedLive = 0;
};

} // namespace ddalab::monitor
