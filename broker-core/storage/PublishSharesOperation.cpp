#include "PublishSharesOperation.h"

#include "SharesTable.h"

#include <QMetaObject>

namespace ddalab {

PublishSharesOperation::PublishSharesOperation(const ShareRecord &share, QObject *context,
                                               Done done)
{
    m_publishes.append({share, context, std::move(done)});
}

bool PublishSharesOperation::mergeFrom(StorageOperation &next)
{
    auto *other = dynamic_cast<PublishSharesOperation *>(&next);
    if (!other)
        return false;
    m_publishes.append(std::move(other->m_publishes));
    other->m_publishes.clear();
    return true;
}

std::vector<std::unique_ptr<StorageOperation>> PublishSharesOperation::split()
{
    std::vector<std::unique_ptr<StorageOperation>> parts;
    if (m_publishes.size() < 2)
        return parts;
    for (Publish &publish : m_publishes)
        parts.push_back(std::make_unique<PublishSharesOperation>(
            publish.share, publish.context.data(), std::move(publish.done)));
    m_publishes.clear();
    return parts;
}

bool PublishSharesOperation::execute(SqlConnection &connection)
{
    QList<ShareRecord> shares;
    shares.reserve(m_publishes.size());
    for (const Publish &publish : std::as_const(m_publishes))
        shares.append(publish.share);
    auto results = SharesTable(connection).publishAll(shares);
    if (!results)
        return false;
    m_results = std::move(*results);
    return true;
}

void PublishSharesOperation::deliver()
{
    for (qsizetype i = 0; i < m_publishes.size(); ++i)
        post(m_publishes[i], m_results[i]);
}

void PublishSharesOperation::deliverFailure(const QString &error)
{
    for (const Publish &publish : std::as_const(m_publishes))
        post(publish, PublishResult::failed(error));
}

void PublishSharesOperation::post(const Publish &publish, const PublishResult &result)
{
    QObject *context = publish.context.data();
    if (!context)
        return;
    QMetaObject::invokeMethod(
        context, [done = publish.done, result] { done(result); }, Qt::QueuedConnection);
}

} // namespace ddalab
