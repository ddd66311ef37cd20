#pragma once

#include <QWidget>

class QGroupBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace ddalab::monitor {

class ReplicasModel;

// The replicas tab: every daemon of the broker that shares its PostgreSQL, live ones first and
// dead ones (grey, for an hour after they died) below, with a count in the box's title. A single
// broker on SQLite has none to list; a note says so instead of an empty table.
class ReplicasPane : public QWidget
{
    Q_OBJECT
public:
    explicit ReplicasPane(ReplicasModel &model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    // The box's title, e.g. "Replicas (2 live, 1 dead)".
    QString title() const;
    // The note shown while the broker lists no replicas; empty otherwise.
    QString notice() const;

private:
    void refresh();

    ReplicasModel &m_model;
    QSortFilterProxyModel *m_proxy;
    QGroupBox *m_box;
    QTableView *m_view;
    QLabel *m_notice;
};

} // namespace ddalab::monitor
