#pragma once

#include "StorageOperation.h"
#include "StorageResults.h"

#include <QList>
#include <QPointer>

#include <functional>

namespace ddalab {

// Publishes that reach the storage thread together become one operation, so the database
// sees one statement for all their new rows instead of one round trip each.
class PublishSharesOperation final : public StorageOperation
{
public:
    using Done = std::function<void(const PublishResult &)>;

    PublishSharesOperation(const ShareRecord &share, QObject *context, Done done);

    bool writes() const override { return true; }
    bool mergeFrom(StorageOperation &next) override;
    std::vector<std::unique_ptr<StorageOperation>> split() override;
    bool execute(SqlConnection &connection) override;
    void deliver() override;
    void deliverFailure(const QString &error) override;

private:
    struct Publish
    {
        ShareRecord share;
        QPointer<QObject> context;
        Done done;
    };
    static void post(const Publish &publish, const PublishResult &result);

    QList<Publish> m_publishes;
    QList<PublishResult> m_results;
};

} // namespace ddalab
