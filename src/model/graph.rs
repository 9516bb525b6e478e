//! Dependency-graph checks and ordering: cycles named task by task, and a topological order
//! that keeps the file's order wherever the dependencies allow (so reports read like the plan).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

/// A topological order of `n` nodes given edges `pred -> succ`, or the nodes of one cycle in
/// order (the first repeated at the end is left out): the cycle through the first node, in
/// index order, that lies on one. Nothing here recurses, so a chain of any length is ordered
/// on a bounded stack.
pub fn topological_order(n: usize, edges: &[(usize, usize)]) -> Result<Vec<usize>, Vec<usize>> {
    // Kahn's algorithm, always taking the ready node that comes first in the file.
    let mut indegree = vec![0usize; n];
    let mut succs = vec![Vec::new(); n];
    for &(a, b) in edges {
        indegree[b] += 1;
        succs[a].push(b);
    }
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&i| indegree[i] == 0).map(Reverse).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse(i)) = ready.pop() {
        order.push(i);
        for &s in &succs[i] {
            indegree[s] -= 1;
            if indegree[s] == 0 {
                ready.push(Reverse(s));
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Some nodes never became ready: they lie on a cycle or after one.
    let mut graph = DiGraph::<(), ()>::with_capacity(n, edges.len());
    for _ in 0..n {
        graph.add_node(());
    }
    for &(a, b) in edges {
        graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
    }
    let cyclic = kosaraju_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1 || graph.contains_edge(scc[0], scc[0]))
        .min_by_key(|scc| scc.iter().min().copied())
        .expect("a graph Kahn's algorithm cannot order has a cycle");
    Err(cycle_in(&graph, &cyclic))
}

/// True when a path of edges leads from `from` to `to`.
pub fn reaches(n: usize, edges: &[(usize, usize)], from: usize, to: usize) -> bool {
    let mut succs = vec![Vec::new(); n];
    for &(a, b) in edges {
        succs[a].push(b);
    }
    let mut seen = vec![false; n];
    let mut stack = vec![from];
    while let Some(v) = stack.pop() {
        if v == to {
            return true;
        }
        for &w in &succs[v] {
            if !seen[w] {
                seen[w] = true;
                stack.push(w);
            }
        }
    }
    false
}

/// One cycle through the smallest node of a strongly connected component, in edge order.
fn cycle_in(graph: &DiGraph<(), ()>, scc: &[NodeIndex]) -> Vec<usize> {
    let start = *scc.iter().min().expect("non-empty component");
    if graph.contains_edge(start, start) {
        return vec![start.index()];
    }
    // Breadth-first search inside the component for the shortest way back to `start`.
    let mut member = vec![false; graph.node_count()];
    for v in scc {
        member[v.index()] = true;
    }
    let inside = |v: NodeIndex| member[v.index()];
    let mut parent = vec![None; graph.node_count()];
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        let mut next: Vec<NodeIndex> = graph.neighbors(v).filter(|&w| inside(w)).collect();
        next.sort();
        for w in next {
            if w == start {
                let mut path = vec![v.index()];
                let mut cur = v;
                while let Some(p) = parent[cur.index()] {
                    path.push(p);
                    cur = NodeIndex::new(p);
                }
                path.reverse();
                return path;
            }
            if parent[w.index()].is_none() && w != start {
                parent[w.index()] = Some(v.index());
                queue.push_back(w);
            }
        }
    }
    scc.iter().map(|v| v.index()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_respects_edges_and_keeps_file_order_otherwise() {
        let order = topological_order(4, &[(3, 0), (1, 2)]).unwrap();
        assert_eq!(order, vec![1, 2, 3, 0]);
    }

    #[test]
    fn a_cycle_is_returned_in_order() {
        // 0 -> 1 -> 2 -> 0, and 3 hangs off it.
        let cycle = topological_order(4, &[(0, 1), (1, 2), (2, 0), (2, 3)]).unwrap_err();
        assert_eq!(cycle, vec![0, 1, 2]);
        assert_eq!(topological_order(2, &[(1, 1)]).unwrap_err(), vec![1]);
        // Of two cycles, the one through the first node on a cycle.
        let cycle = topological_order(6, &[(4, 5), (5, 4), (1, 2), (2, 3), (3, 1), (0, 4)]);
        assert_eq!(cycle.unwrap_err(), vec![1, 2, 3]);
    }

    #[test]
    fn a_chain_of_a_million_tasks_is_ordered_on_a_test_thread_s_stack() {
        // A recursive depth-first search overflows a 2 MB stack long before this.
        let n = 1_000_000;
        let edges: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
        let order = topological_order(n, &edges).unwrap();
        assert!(order.iter().copied().eq(0..n));
        let mut cyclic = edges;
        cyclic.push((n - 1, 0));
        assert_eq!(topological_order(n, &cyclic).unwrap_err().len(), n);
    }
}
